import { describe, expect, it } from 'vitest';
import { bucketFor, timelineExtractor } from '../../bot/nlu/timeline/timeline.js';
import { HOSTILE_INPUTS } from './hostile-inputs.js';

const now = new Date('2026-11-23T12:00:00Z');
const bucket = (text: string, locale: 'fr' | 'en' = 'fr', at: Date = now) => {
  const result = timelineExtractor.extract(text, { locale, now: at });
  return result.ok ? result.value.bucket : result.reason;
};

describe('timeline extractor', () => {
  it('handles the phrases named in the issue', () => {
    expect(bucket('sous 90 jours')).toBe('1-3m');
    expect(bucket("d'ici la fin de l'année")).toBe('1-3m');
    expect(bucket('Q2 next year', 'en')).toBe('3-6m');
    expect(bucket('urgentissime')).toBe('now');
    expect(bucket('au printemps')).toBe('3-6m');
    expect(bucket('pas avant 2028')).toBe('12m+');
    expect(bucket('simple curiosité')).toBe('none');
    expect(bucket('asap', 'en')).toBe('now');
    expect(bucket('dans 2 semaines')).toBe('now');
    expect(bucket('next month', 'en')).toBe('now');
    expect(bucket('in the coming weeks', 'en')).toBe('now');
    expect(bucket('le mois prochain')).toBe('now');
    expect(bucket('début 2027')).toBe('1-3m');
    expect(bucket('15 mars')).toBe('3-6m');
    expect(bucket('je ne sais pas')).toBe('unknown');
  });

  it('is relative to ctx.now', () => {
    expect(bucket('next year', 'en', new Date('2026-03-10T12:00:00Z'))).toBe('12m+');
    expect(bucket('cet été', 'fr', new Date('2026-03-10T12:00:00Z'))).toBe('3-6m');
    expect(bucket('cet été', 'fr', now)).toBe('6-12m');
  });

  it('reads the words before a period: deadline, not before, after', () => {
    expect(bucket("avant l'été")).toBe('6-12m');
    expect(bucket('pas avant le printemps')).toBe('3-6m');
    expect(bucket("après l'été")).toBe('6-12m');
    expect(bucket('by the end of Q1', 'en')).toBe('3-6m');
  });

  it('does not mistake other words for dates', () => {
    expect(bucket("j'ai été contacté par un commercial")).toBe('not_understood');
    expect(bucket('I may need it', 'en')).toBe('not_understood');
    expect(bucket('pas urgent')).toBe('6-12m');
  });

  it('returns the horizon in months and keeps the text', () => {
    const result = timelineExtractor.extract('dans 6 mois', { locale: 'fr', now });
    expect(result).toMatchObject({ ok: true, value: { text: 'dans 6 mois', horizonMonths: 6, bucket: '3-6m' } });
    expect(timelineExtractor.extract('simple curiosité', { locale: 'fr', now })).toMatchObject({ ok: true, value: { horizonMonths: null } });
  });

  it('maps months to buckets at the documented edges', () => {
    expect([0, 1, 1.1, 3, 3.1, 6, 6.1, 12, 12.1].map(bucketFor)).toEqual(['now', 'now', '1-3m', '1-3m', '3-6m', '3-6m', '6-12m', '6-12m', '12m+']);
  });

  it('never throws on hostile input', () => {
    for (const input of HOSTILE_INPUTS) {
      const result = timelineExtractor.extract(input, { locale: 'fr', now });
      expect(typeof result.ok).toBe('boolean');
    }
  });
});

describe('timeline: hedges between two times, and "the sooner the better"', () => {
  const on = new Date('2026-03-10T12:00:00Z');
  const timeline = (text: string, locale: 'fr' | 'en' = 'en') => {
    const result = timelineExtractor.extract(text, { locale, now: on });
    return result.ok ? result.value.bucket : result.reason;
  };

  it('two hedged times in different buckets are "unknown"; in the same bucket, that bucket', () => {
    expect(timeline('maybe this year, maybe next')).toBe('unknown');
    expect(timeline('peut-être en avril, peut-être en décembre', 'fr')).toBe('unknown');
    expect(timeline('maybe next week, maybe the week after')).toBe('now');
    // One hedge is a choice, not a hesitation.
    expect(timeline('not this year, maybe 2028')).toBe('12m+');
  });

  it('"the sooner the better" is now', () => {
    expect(timeline('the sooner the better')).toBe('now');
    expect(timeline('le plus tôt sera le mieux', 'fr')).toBe('now');
  });

  it('hedges in a long hostile answer are read without blowing up', () => {
    const hostile = `maybe <b>{"$gt": ""}</b> __proto__ 🎉 ${'peut-être '.repeat(1200)} maybe 2028`;
    const result = timelineExtractor.extract(hostile, { locale: 'fr', now: on });
    expect(result.ok ? 'ok' : result.reason).toMatch(/^(?:ok|too_long|not_understood)$/);
  });
});

describe('timeline: holidays and short delays', () => {
  const on = new Date('2026-03-02T12:00:00Z');
  const bucket = (text: string, locale: 'fr' | 'en' = 'fr') => {
    const result = timelineExtractor.extract(text, { locale, now: on });
    return result.ok ? result.value.bucket : undefined;
  };
  it('knows Easter, All Saints, the summer holidays, a rentrée with its year, the end of the quarter', () => {
    expect(bucket('à Pâques')).toBe('1-3m'); // Easter 2026 is 5 April
    expect(bucket('vers la Toussaint')).toBe('6-12m');
    expect(bucket('after the summer holidays', 'en')).toBe('6-12m');
    expect(bucket('pendant les grandes vacances')).toBe('3-6m');
    expect(bucket('rentrée 2028')).toBe('12m+');
    expect(bucket("d'ici la fin du trimestre")).toBe('now');
  });

  it('reads "the next few days" and "la quinzaine" as now', () => {
    expect(bucket('dans les jours qui viennent')).toBe('now');
    expect(bucket('sous huitaine')).toBe('now');
    expect(bucket('in the next few days', 'en')).toBe('now');
  });
});
