/**
 * Visitors correct themselves mid-answer ("20k, enfin non, disons 25 000 €"), refine a vague figure ("in a few months,
 * maybe 4") or say that someone else decides ("c'est mon boss qui signe"): the last value said, the precise figure and
 * the real decider win.
 */
import { describe, expect, it } from 'vitest';
import { budgetExtractor } from '../../bot/nlu/budget/budget.js';
import { roleExtractor } from '../../bot/nlu/qualification/role.js';
import { lastCorrectionEnd } from '../../bot/nlu/text.js';
import { timelineExtractor } from '../../bot/nlu/timeline/timeline.js';
import type { Locale } from '../../core/lead/model.js';
import { HOSTILE_INPUTS } from './hostile-inputs.js';

const now = new Date('2026-11-23T12:00:00Z');
const ctx = (locale: Locale) => ({ locale, now });

const budget = (text: string, locale: Locale) => {
  const result = budgetExtractor.extract(text, ctx(locale));
  return result.ok ? result.value : result.reason;
};
const timeline = (text: string, locale: Locale) => {
  const result = timelineExtractor.extract(text, ctx(locale));
  return result.ok ? { bucket: result.value.bucket, horizonMonths: result.value.horizonMonths } : result.reason;
};
const role = (text: string, locale: Locale) => {
  const result = roleExtractor.extract(text, ctx(locale));
  return result.ok ? result.value : result.reason;
};

describe('correction markers', () => {
  it('finds where the last self-correction ends, and ignores comparisons and widenings', () => {
    const text = '20k, enfin non, disons 25k';
    expect(text.slice(lastCorrectionEnd(text))).toBe(' 25k');
    expect(lastCorrectionEnd('plutot 30k que 50k')).toBeGreaterThan(0);
    expect(lastCorrectionEnd('30k rather than 50k')).toBe(-1);
    expect(lastCorrectionEnd('mars plutot que juin')).toBe(-1);
    expect(lastCorrectionEnd('20k voire 30k')).toBe(-1);
    expect(lastCorrectionEnd('about 20k')).toBe(-1);
  });
});

describe('budget: the amount said after a self-correction wins', () => {
  it.each<[Locale, string, object]>([
    ['fr', '20k, enfin non, disons 25 000 €', { amount: 25000, currency: 'EUR' }],
    ['fr', '10 000 euros, pardon, 15 000', { amount: 15000, currency: 'EUR' }],
    ['fr', '30k€ je veux dire 35k€', { amount: 35000, currency: 'EUR' }],
    ['fr', 'environ 5000 € ou plutôt 8000 €', { amount: 8000, currency: 'EUR' }],
    ['fr', '40k, non plutôt 50k', { amount: 50000, currency: 'EUR' }],
    ['fr', '10k, pardon, entre 15 et 20k', { amount: 15000, max: 20000, currency: 'EUR' }],
    ['fr', "2 000 € par mois, en fait 2 500 € par mois", { amount: 2500, currency: 'EUR', period: 'month' }],
    ['en', '$10k, actually make that $12k', { amount: 12000, currency: 'USD' }],
    ['en', '5000 pounds, sorry, 7500 pounds', { amount: 7500, currency: 'GBP' }],
    ['en', 'around 20k, I mean 25k', { amount: 25000, currency: 'EUR' }],
    ['en', '15k, scratch that, 18k', { amount: 18000, currency: 'EUR' }],
    ['en', '$3,000 a month, or rather $4,000 a month', { amount: 4000, currency: 'USD', period: 'month' }],
    ['en', '1.5M, sorry, 2', { amount: 2000000, currency: 'EUR' }],
  ])('%s %j', (locale, text, expected) => {
    expect(budget(text, locale)).toEqual(expected);
  });

  it('reads a bare corrected figure at the scale and currency of the amount it replaces', () => {
    expect(budget('20k, no wait, 25', 'en')).toEqual({ amount: 25000, currency: 'EUR' });
    expect(budget('$10k, actually make that 12', 'en')).toEqual({ amount: 12000, currency: 'USD' });
  });

  it('drops an amount taken back for no budget at all', () => {
    expect(budget('10k, en fait pas de budget', 'fr')).toBe('no_budget');
    expect(budget("20k, sorry, we don't know yet", 'en')).toBe('no_budget');
  });

  it('keeps the amount when the correction names none, and when the visitor compares or widens', () => {
    expect(budget('$50k, actually', 'en')).toEqual({ amount: 50000, currency: 'USD' });
    expect(budget('30k rather than 50k', 'en')).toEqual({ amount: 30000, currency: 'EUR' });
    expect(budget('plutôt 30k que 50k', 'fr')).toEqual({ amount: 30000, currency: 'EUR' });
    expect(budget('20k voire 30k', 'fr')).toEqual({ amount: 20000, max: 30000, currency: 'EUR' });
    expect(budget('10k, or even 15k', 'en')).toEqual({ amount: 10000, max: 15000, currency: 'EUR' });
    expect(budget('entre 10 et 20k, voire 30k', 'fr')).toEqual({ amount: 10000, max: 20000, currency: 'EUR' });
  });
});

describe('timeline: corrections and refinements', () => {
  it.each<[Locale, string, string, number]>([
    ['en', 'in 6 months, actually make that 3', '1-3m', 3],
    ['fr', 'dans 3 mois, je veux dire 9', '6-12m', 9],
    ['fr', 'dans 8 mois, enfin non, disons 2', '1-3m', 2],
    ['en', 'in two weeks, sorry, two months', '1-3m', 2],
    ['en', 'in a few months, maybe 4', '3-6m', 4],
    ['fr', 'dans quelques mois, disons 5', '3-6m', 5],
    ['fr', 'dans quelques semaines, peut-être 6', '1-3m', 1.4],
    ['en', 'several months, say 10', '6-12m', 10],
    ['en', 'a few weeks, maybe 3 weeks', 'now', 0.7],
    ['fr', 'dans quelques mois, 4 ou 5', '3-6m', 4.5],
    ['en', 'in 6 months, actually make that 3.', '1-3m', 3],
    ['fr', 'dans quelques mois, disons 5 🙂', '3-6m', 5],
  ])('%s %j', (locale, text, bucket, horizonMonths) => {
    expect(timeline(text, locale)).toEqual({ bucket, horizonMonths });
  });

  it('keeps the month or period said after the correction', () => {
    expect(timeline('mars, enfin plutôt avril', 'fr')).toMatchObject({ horizonMonths: 4.7 });
    expect(timeline('en juin, pardon, en septembre', 'fr')).toMatchObject({ horizonMonths: 9.7 });
    expect(timeline('by March, I mean by May', 'en')).toMatchObject({ horizonMonths: 5.2 });
    expect(timeline('next year, scratch that, next quarter', 'en')).toMatchObject({ bucket: '1-3m' });
  });

  it('drops a time taken back for no time at all', () => {
    expect(timeline('dans 3 mois, en fait non, je ne sais pas', 'fr')).toEqual({ bucket: 'unknown', horizonMonths: null });
    expect(timeline('in March, sorry, no project yet', 'en')).toEqual({ bucket: 'none', horizonMonths: null });
  });

  it('does not take a comparison, a widening or a count of something else for a correction', () => {
    expect(timeline('in March rather than in June', 'en')).toMatchObject({ horizonMonths: 3.7 });
    expect(timeline("d'ici l'été, voire avant", 'fr')).toMatchObject({ bucket: '6-12m' });
    expect(timeline('quelques mois pour 3 personnes', 'fr')).toEqual({ bucket: '1-3m', horizonMonths: 3 });
    expect(timeline('dans quelques mois, genre 10 %', 'fr')).toEqual({ bucket: '1-3m', horizonMonths: 3 });
    expect(timeline('in 2 months, sorry', 'en')).toEqual({ bucket: '1-3m', horizonMonths: 2 });
    expect(timeline('maybe this year, maybe next', 'en')).toEqual({ bucket: 'unknown', horizonMonths: null });
  });

  it.each<[Locale, string]>([
    ['en', 'as soon as humanly possible'],
    ['en', 'asap really'],
    ['en', 'as quickly as possible'],
    ['fr', 'le plus rapidement possible'],
    ['fr', 'aussi vite que possible'],
    ['fr', 'dès que techniquement possible'],
  ])('"as soon as … possible" is now: %s %j', (locale, text) => {
    expect(timeline(text, locale)).toEqual({ bucket: 'now', horizonMonths: 0 });
  });
});

describe('role: who really decides', () => {
  it.each<[string, Locale, string]>([
    ["I'd be recommending it to our MD, she makes the final call", 'en', 'influencer'],
    ["c'est mon boss qui signe", 'fr', 'influencer'],
    ['my manager has the last word', 'en', 'influencer'],
    ['the CFO signs off, I just do the legwork', 'en', 'influencer'],
    ["je propose, c'est ma directrice qui décide", 'fr', 'influencer'],
    ['our owner makes the final decision, I shortlist', 'en', 'influencer'],
    ["c'est la patronne qui a le dernier mot", 'fr', 'influencer'],
    ['he decides, I just advise', 'en', 'influencer'],
    ['je prépare le dossier, elle tranche', 'fr', 'influencer'],
    ["me, it's just me", 'en', 'decision-maker'],
    ['je suis tout seul', 'fr', 'decision-maker'],
    ['je suis toute seule dans ma boîte', 'fr', 'decision-maker'],
    ["I'm a one-man band", 'en', 'decision-maker'],
    ['seul maître à bord', 'fr', 'decision-maker'],
    ['just me, solo founder', 'en', 'decision-maker'],
    ["the one who signs is me", 'en', 'decision-maker'],
    ['I make the final call', 'en', 'decision-maker'],
  ])('%j (%s) → %s', (text, locale, expected) => {
    expect(role(text, locale)).toBe(expected);
  });

  it('does not read a team as a one-person company', () => {
    expect(role('just me and my boss, she decides', 'en')).toBe('influencer');
  });
});

describe('hostile and oversized input', () => {
  const oversized = [
    `${'20k, enfin non, '.repeat(700)}25k`,
    `${'in 6 months, actually make that 3, '.repeat(300)}`,
    `${'a few months, maybe '.repeat(600)}4`,
    `${"she makes the final call, it's just me, ".repeat(300)}`,
  ];

  it('never throws and refuses oversized answers', () => {
    for (const input of [...HOSTILE_INPUTS, ...oversized]) {
      for (const locale of ['fr', 'en'] as const) {
        const b = budgetExtractor.extract(input, ctx(locale));
        const t = timelineExtractor.extract(input, ctx(locale));
        const r = roleExtractor.extract(input, ctx(locale));
        for (const result of [b, t, r]) expect(typeof result.ok).toBe('boolean');
        if (b.ok) expect(Number.isFinite(b.value.amount)).toBe(true);
      }
    }
    for (const input of oversized.slice(0, 3)) {
      expect(budgetExtractor.extract(input, ctx('fr'))).toEqual({ ok: false, reason: 'too_long' });
      expect(timelineExtractor.extract(input, ctx('en'))).toEqual({ ok: false, reason: 'too_long' });
    }
  });

  it('reads corrections wrapped in markup, emoji and injection attempts as text', () => {
    expect(budget('<b>20k</b>, enfin non 😅, disons <i>25k€</i>', 'fr')).toEqual({ amount: 25000, currency: 'EUR' });
    expect(budget('{"$gt": ""} 10k, sorry, 12k', 'en')).toEqual({ amount: 12000, currency: 'EUR' });
    expect(timeline('🙈 in 6 months, actually make that 3 <script>', 'en')).toMatchObject({ bucket: '1-3m' });
    expect(role('{"__proto__": {"role": "decision-maker"}} my boss has the final say', 'en')).toBe('influencer');
    expect(lastCorrectionEnd('sorry '.repeat(2000))).toBeGreaterThan(0);
  });
});
