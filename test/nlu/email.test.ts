import { describe, expect, it } from 'vitest';
import { emailExtractor } from '../../bot/nlu/contact/email.js';
import { HOSTILE_INPUTS } from './hostile-inputs.js';
import { readWith } from './read-with.js';

const ctx = { locale: 'fr' as const, now: new Date('2026-11-23T12:00:00Z') };

describe('email extractor', () => {
  it('finds the address inside a sentence and lower-cases it', () => {
    const result = emailExtractor.extract("c'est Jean.Dupont@ACME.fr merci", ctx);
    expect(result).toEqual({ ok: true, value: { address: 'jean.dupont@acme.fr', kind: 'company' }, confidence: 1 });
  });

  it('classifies free and disposable domains', () => {
    expect(emailExtractor.extract('marie@gmail.com', ctx)).toMatchObject({ ok: true, value: { kind: 'free' } });
    expect(emailExtractor.extract('marie@orange.fr', ctx)).toMatchObject({ ok: true, value: { kind: 'free' } });
    expect(emailExtractor.extract('x@yopmail.com', ctx)).toMatchObject({ ok: true, value: { kind: 'disposable' } });
    expect(emailExtractor.extract('x@mailinator.com', ctx)).toMatchObject({ ok: true, value: { kind: 'disposable' } });
  });

  it('keeps a mistyped provider address but suggests the fix with a lower confidence', () => {
    for (const [typed, fixed] of [['jean@gmial.com', 'jean@gmail.com'], ['a.b@hotmial.fr', 'a.b@hotmail.fr'], ['z@yaho.com', 'z@yahoo.com'], ['t@gmail.con', 't@gmail.com']]) {
      const result = emailExtractor.extract(typed!, ctx);
      expect(result).toMatchObject({ ok: true, value: { address: typed }, suggestion: { key: 'email_typo', params: { address: fixed } } });
      expect(result.ok && result.confidence).toBeLessThan(1);
    }
  });

  it('does not suggest anything for a real company domain', () => {
    const result = emailExtractor.extract('paul@acme-industrie.fr', ctx);
    expect(result.ok && result.suggestion).toBeFalsy();
  });

  it('undoes "(at)", "arobase" and spaces around @', () => {
    expect(emailExtractor.extract('tim (at) apple.com', ctx)).toMatchObject({ ok: true, value: { address: 'tim@apple.com' } });
    expect(emailExtractor.extract('paul arobase durand.fr', ctx)).toMatchObject({ ok: true, value: { address: 'paul@durand.fr' } });
    expect(emailExtractor.extract('jean @ acme.fr', ctx)).toMatchObject({ ok: true, value: { address: 'jean@acme.fr' } });
  });

  it('rejects with stable reasons', () => {
    expect(emailExtractor.extract('', ctx)).toEqual({ ok: false, reason: 'empty' });
    expect(emailExtractor.extract('jean.dupont@', ctx)).toEqual({ ok: false, reason: 'invalid_email' });
    expect(emailExtractor.extract('jean..dupont@acme.fr', ctx)).toEqual({ ok: false, reason: 'invalid_email' });
    expect(emailExtractor.extract('marie@acme', ctx)).toEqual({ ok: false, reason: 'invalid_email' });
    expect(emailExtractor.extract(`${'a'.repeat(300)}@acme.fr`, ctx)).toEqual({ ok: false, reason: 'too_long' });
    expect(emailExtractor.extract('x'.repeat(10_240), ctx)).toEqual({ ok: false, reason: 'too_long' });
  });

  it('never throws on hostile input and never returns markup as an address', () => {
    for (const input of HOSTILE_INPUTS) {
      const result = emailExtractor.extract(input, ctx);
      expect(typeof result.ok).toBe('boolean');
      if (result.ok) expect(result.value.address).toMatch(/^[^<>\s]+@[^<>\s]+$/);
    }
  });
});

describe('email: spoken "at"', () => {
  const run = readWith('2026-03-02');
  it('joins "name at domain" at the start or after "is"/":"', () => {
    expect(run(emailExtractor, 'anne at studio.fr')).toEqual({ address: 'anne@studio.fr', kind: 'company' });
    expect(run(emailExtractor, 'my address is anne at studio.fr', 'en')).toEqual({ address: 'anne@studio.fr', kind: 'company' });
  });

  it('never turns a sentence into an address', () => {
    expect(run(emailExtractor, 'I work at studio.fr', 'en')).toBe('invalid_email');
    expect(run(emailExtractor, 'anne at studio', 'en')).toBe('invalid_email');
  });
});
