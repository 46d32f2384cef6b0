import { describe, expect, it } from 'vitest';
import { phoneExtractor } from '../../bot/nlu/contact/phone.js';
import { HOSTILE_INPUTS } from './hostile-inputs.js';
import { readWith } from './read-with.js';

const now = new Date('2026-11-23T12:00:00Z');
const fr = { locale: 'fr' as const, now };
const en = { locale: 'en' as const, now };

describe('phone extractor', () => {
  it('returns E.164 for French numbers in any common format', () => {
    for (const text of ['06 12 34 56 78', '06.12.34.56.78', '0612345678', '+33 (0)6 12 34 56 78', '0033 6 12 34 56 78', 'mon portable : 06-12-34-56-78 merci']) {
      expect(phoneExtractor.extract(text, fr)).toMatchObject({ ok: true, value: '+33612345678' });
    }
  });

  it('uses the country written in the number over the locale', () => {
    expect(phoneExtractor.extract('+44 7911 123456', fr)).toMatchObject({ ok: true, value: '+447911123456' });
    expect(phoneExtractor.extract('+32 470 12 34 56', fr)).toMatchObject({ ok: true, value: '+32470123456' });
  });

  it('reads national numbers as UK then US for English, or as ctx.defaultCountry', () => {
    expect(phoneExtractor.extract('07911 123456', en)).toMatchObject({ ok: true, value: '+447911123456' });
    expect(phoneExtractor.extract('(650) 253-0000', en)).toMatchObject({ ok: true, value: '+16502530000' });
    expect(phoneExtractor.extract('0470 12 34 56', { ...fr, defaultCountry: 'BE' })).toMatchObject({ ok: true, value: '+32470123456' });
  });

  it('treats a refusal as an answer with no phone (value null)', () => {
    for (const text of ['non', 'skip', 'pas de téléphone', 'je préfère pas', 'no thanks', "I'd rather not"]) {
      expect(phoneExtractor.extract(text, fr)).toMatchObject({ ok: true, value: null });
    }
  });

  it('rejects invalid numbers and unrelated text', () => {
    expect(phoneExtractor.extract('06 12 34 56', fr)).toEqual({ ok: false, reason: 'invalid_phone' });
    expect(phoneExtractor.extract('demain', fr)).toEqual({ ok: false, reason: 'invalid_phone' });
    expect(phoneExtractor.extract('', fr)).toEqual({ ok: false, reason: 'empty' });
  });

  it('refuses a well-formed number in no allocated range, offering it as unverified', () => {
    expect(phoneExtractor.extract('07 00 00 00 00', fr)).toEqual({ ok: false, reason: 'unverified_phone', unverified: { e164: '+33700000000', verified: false } });
    expect(phoneExtractor.extract('+1 (555) 123-4567', fr)).toEqual({ ok: false, reason: 'unverified_phone', unverified: { e164: '+15551234567', verified: false } });
    // Only a number typed alone: words around it, or an impossible length, stay invalid.
    expect(phoneExtractor.extract('mon numéro 07 00 00 00 00 merci', fr)).toEqual({ ok: false, reason: 'invalid_phone' });
    expect(phoneExtractor.extract('07 00 00 00 0', fr)).toEqual({ ok: false, reason: 'invalid_phone' });
  });

  it('ignores an unknown defaultCountry instead of throwing', () => {
    expect(phoneExtractor.extract('06 12 34 56 78', { ...fr, defaultCountry: 'ZZ' })).toMatchObject({ ok: true, value: '+33612345678' });
  });

  it('never throws on hostile input', () => {
    for (const input of HOSTILE_INPUTS) {
      const result = phoneExtractor.extract(input, fr);
      expect(typeof result.ok).toBe('boolean');
      if (result.ok && result.value !== null) expect(result.value).toMatch(/^\+\d{6,15}$/);
    }
  });
});

describe('phone: more ways of typing a number', () => {
  const run = readWith('2026-03-02');
  it('reads slashes, a country code without "+", and numbers spelt out', () => {
    expect(run(phoneExtractor, '07/56/78/12/34')).toBe('+33756781234');
    expect(run(phoneExtractor, '447911234567', 'en')).toBe('+447911234567');
    expect(run(phoneExtractor, 'zéro sept cinquante-six soixante-dix-huit douze trente-quatre')).toBe('+33756781234');
  });

  it('still refuses too few digits spelt out', () => {
    expect(run(phoneExtractor, 'zero six douze')).toBe('invalid_phone');
  });
});
