import { describe, expect, it } from 'vitest';
import { budgetExtractor } from '../../bot/nlu/budget/budget.js';
import { HOSTILE_INPUTS } from './hostile-inputs.js';
import { readWith } from './read-with.js';

const now = new Date('2026-11-23T12:00:00Z');
const budget = (text: string, locale: 'fr' | 'en' = 'fr', defaultCountry?: string) => {
  const result = budgetExtractor.extract(text, { locale, now, defaultCountry });
  return result.ok ? result.value : result.reason;
};

describe('budget extractor', () => {
  it('handles the formats named in the issue', () => {
    expect(budget('50k€')).toEqual({ amount: 50000, currency: 'EUR' });
    expect(budget('entre 10 et 20 000 euros')).toEqual({ amount: 10000, max: 20000, currency: 'EUR' });
    expect(budget('$5,000/month', 'en')).toEqual({ amount: 5000, currency: 'USD', period: 'month' });
    expect(budget('environ 3 000 € par mois')).toEqual({ amount: 3000, currency: 'EUR', period: 'month' });
    expect(budget('1,5 M€')).toEqual({ amount: 1500000, currency: 'EUR' });
    expect(budget('pas de budget défini')).toBe('no_budget');
  });

  it('reads FR and EN number formats', () => {
    expect(budget('10.000 €')).toMatchObject({ amount: 10000 });
    expect(budget('12 500,50 euros')).toMatchObject({ amount: 12500.5 });
    expect(budget('$1,000,000', 'en')).toMatchObject({ amount: 1000000, currency: 'USD' });
    expect(budget('2.5k', 'en')).toMatchObject({ amount: 2500 });
    expect(budget('deux mille euros')).toMatchObject({ amount: 2000 });
  });

  it('gives ranges a shared scale', () => {
    expect(budget('entre 5 et 10k')).toMatchObject({ amount: 5000, max: 10000 });
    expect(budget('between $5k and $10k', 'en')).toMatchObject({ amount: 5000, max: 10000, currency: 'USD' });
    expect(budget('entre 2000 et 3000 € par mois')).toEqual({ amount: 2000, max: 3000, currency: 'EUR', period: 'month' });
  });

  it('picks the currency from the text, then the default country, then EUR', () => {
    expect(budget('£2k a month', 'en')).toMatchObject({ currency: 'GBP', period: 'month' });
    expect(budget('30 000 CHF')).toMatchObject({ currency: 'CHF' });
    expect(budget('10k', 'en', 'US')).toMatchObject({ currency: 'USD' });
    expect(budget('10k', 'en')).toMatchObject({ currency: 'EUR' });
  });

  it('ignores numbers that are not money', () => {
    expect(budget('pour 2027')).toBe('not_understood');
    expect(budget('30k pour 10 personnes')).toMatchObject({ amount: 30000 });
    expect(budget('10% du CA')).toBe('not_understood');
  });

  it('never throws on hostile input', () => {
    for (const input of HOSTILE_INPUTS) {
      const result = budgetExtractor.extract(input, { locale: 'fr', now });
      expect(typeof result.ok).toBe('boolean');
      if (result.ok) expect(Number.isFinite(result.value.amount)).toBe(true);
    }
  });
});

describe('budget: zero', () => {
  it('a zero budget is no budget, but zero can start a range', () => {
    expect(budget('0 €, on est une asso')).toBe('no_budget');
    expect(budget('zero dollars', 'en')).toBe('no_budget');
    expect(budget('de 0 à 500 €')).toMatchObject({ amount: 0, max: 500 });
  });
});

describe('budget: number words and approximate counts', () => {
  const run = readWith('2026-03-02');
  it('reads amounts spelt out', () => {
    expect(run(budgetExtractor, 'soixante-dix mille euros')).toEqual({ amount: 70000, currency: 'EUR' });
    expect(run(budgetExtractor, 'three hundred thousand dollars', 'en')).toEqual({ amount: 300000, currency: 'USD' });
    expect(run(budgetExtractor, "une vingtaine de milliers d'euros")).toEqual({ amount: 20000, currency: 'EUR' });
    expect(run(budgetExtractor, 'a quarter of a million pounds', 'en')).toEqual({ amount: 250000, currency: 'GBP' });
  });

  it('does not take durations or articles for money', () => {
    expect(run(budgetExtractor, 'deux ans')).toBe('not_understood');
    expect(run(budgetExtractor, 'un budget à définir')).toBe('no_budget');
  });
});
