import { describe, expect, it } from 'vitest';
import { corpusHash } from '../../bot/nlu/qualification/motivation-model.js';
import { readAnswersCorpusSources } from '../../bot/nlu/labelled-answers.js';
import { CROSS_CHECKED_SLOTS, readAnswersModel, reviewReading, loadCrossCheckModel } from '../../bot/nlu/phrases/cross-check.js';

const ROLES = new Set(['decision-maker', 'influencer', 'user', 'student', 'other']);

describe('cross-check review of a table reading', () => {
  it('turns a reading the classifier contradicts surely enough into a question, keeping its label', () => {
    expect(reviewReading({ label: 'influencer', confidence: 0.69 }, { label: 'decision-maker', confidence: 0.6 }, ROLES))
      .toEqual({ label: 'influencer', confidence: 0.45 });
    expect(reviewReading({ label: 'influencer', confidence: 0.89 }, { label: 'user', confidence: 0.99 }, ROLES))
      .toEqual({ label: 'influencer', confidence: 0.45 });
  });

  it('keeps a reading the classifier agrees with, contradicts too weakly, or that the table is sure of', () => {
    const reading = { label: 'influencer' as const, confidence: 0.69 };
    expect(reviewReading(reading, { label: 'influencer', confidence: 0.99 }, ROLES)).toBe(reading);
    expect(reviewReading(reading, { label: 'user', confidence: 0.59 }, ROLES)).toBe(reading);
    const sure = { label: 'influencer' as const, confidence: 0.9 };
    expect(reviewReading(sure, { label: 'user', confidence: 0.99 }, ROLES)).toBe(sure);
    expect(reviewReading(reading, { label: 'no-answer', confidence: 0.99 }, ROLES)).toBe(reading);
    // A label the classifier was not trained on (a product just added to the catalogue) is not disputed.
    const added = { label: 'podcast' as string, confidence: 0.69 };
    expect(reviewReading(added, { label: 'user', confidence: 0.99 }, ROLES)).toBe(added);
  });

  it('answers where the table asks or reads nothing only when sure, and only with a label the slot has', () => {
    expect(reviewReading(undefined, { label: 'student', confidence: 0.95 }, ROLES)).toEqual({ label: 'student', confidence: 0.6 });
    expect(reviewReading({ label: 'user', confidence: 0.3 }, { label: 'student', confidence: 0.8 }, ROLES))
      .toEqual({ label: 'student', confidence: 0.6 });
    const unsure = { label: 'user' as const, confidence: 0.3 };
    expect(reviewReading(unsure, { label: 'student', confidence: 0.79 }, ROLES)).toBe(unsure);
    expect(reviewReading(unsure, { label: 'no-answer', confidence: 0.99 }, ROLES)).toBe(unsure);
    expect(reviewReading(undefined, undefined, ROLES)).toBeUndefined();
  });

  it('takes the table\'s own unsure guess when the classifier sides with it', () => {
    const guess = { label: 'user' as const, confidence: 0.3 };
    expect(reviewReading(guess, { label: 'user', confidence: 0.6 }, ROLES)).toEqual({ label: 'user', confidence: 0.6 });
    expect(reviewReading(guess, { label: 'user', confidence: 0.59 }, ROLES)).toBe(guess);
  });
});

describe.each(CROSS_CHECKED_SLOTS)('%s cross-check model', (slot) => {
  it('was trained from the current labelled answers (else run: npx tsx bot/nlu/phrases/train-cross-check.ts ' + slot + ')', () => {
    expect(readAnswersModel(slot).corpusHash).toBe(corpusHash(readAnswersCorpusSources(slot)));
    expect(loadCrossCheckModel(slot)).toBeGreaterThan(0);
  });
});
