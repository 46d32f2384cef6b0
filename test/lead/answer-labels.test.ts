/** Sales reads a lead's categories as words of the team's language, never as stored ids. */
import { describe, expect, it } from 'vitest';
import { answerLabel } from '../../core/lead/answer-labels.js';
import { ROLES, SECTORS } from '../../bot/nlu/qualification/index.js';
import { MOTIVATION_CATEGORIES, TIMELINE_BUCKETS } from '../../core/lead/model.js';

describe('answer labels', () => {
  it('has a French and an English word for every role, sector, motivation and timeline bucket the bot stores', () => {
    const kinds = { role: ROLES, sector: SECTORS, motivation: MOTIVATION_CATEGORIES, timeline: TIMELINE_BUCKETS } as const;
    for (const [kind, values] of Object.entries(kinds)) {
      for (const value of values) {
        expect(answerLabel(kind as keyof typeof kinds, value, 'fr'), `${kind} ${value} fr`).not.toBe(value);
        // English ids are often the word itself ("student"); the ones written as codes ("decision-maker", "1-3m", "cost") get words.
        if (/[-\d]|^(?:cost|public|services|software|retail|health|finance|replace|growth|problem|curious|now|influencer|user)$/.test(value)) {
          expect(answerLabel(kind as keyof typeof kinds, value, 'en'), `${kind} ${value} en`).not.toBe(value);
        }
      }
    }
  });

  it('says "industrie" in French where the lead stores "industry"', () => {
    expect(answerLabel('sector', 'industry', 'fr')).toBe('industrie');
    expect(answerLabel('role', 'decision-maker', 'fr')).toBe('décideur');
  });

  it('shows an unknown or hostile value as stored, without reading a prototype property', () => {
    expect(answerLabel('sector', 'aerospace', 'fr')).toBe('aerospace');
    expect(answerLabel('motivation', '__proto__', 'en')).toBe('__proto__');
    expect(answerLabel('role', 'constructor', 'fr')).toBe('constructor');
  });
});
