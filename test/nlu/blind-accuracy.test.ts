/**
 * Accuracy on the blind hold-out sets (test/nlu/eval-blind/*.holdout.jsonl, written before the rules were read and never
 * tuned on). Floors = the accuracy measured once after the tune-set fixes, minus 3 points: a rule change that loses
 * more than that on answers nobody tuned for is a regression.
 */
import { describe, expect, it } from 'vitest';
import { extract } from '../../bot/nlu/registry.js';
import { accuracyOf, BLIND_SLOTS, isCorrect, loadBlindSet } from './eval-set.js';

/** Measured hold-out accuracy (correct/total) after the fixes from the tune sets. */
const MEASURED: Record<(typeof BLIND_SLOTS)[number], [number, number]> = {
  timeline: [69, 77], budget: [64, 64], email: [62, 62], phone: [60, 61], name: [57, 61], company: [59, 61],
};
const MARGIN = 0.03;

describe('NLU accuracy on the blind hold-out sets', () => {
  for (const slot of BLIND_SLOTS) {
    const [correct, total] = MEASURED[slot];
    const floor = correct / total - MARGIN;
    it(`${slot} ≥ ${(floor * 100).toFixed(1)} % (measured ${correct}/${total} − 3 points)`, () => {
      const cases = loadBlindSet(slot, 'holdout');
      expect(cases.length).toBe(total);
      const outcomes = cases.map((c) => isCorrect(slot, c.expected, extract(slot, c.text, { locale: c.locale, now: c.now })));
      expect(accuracyOf(outcomes).accuracy).toBeGreaterThanOrEqual(floor);
    });
  }

  it('blind sets are big enough and mix French and English', () => {
    for (const slot of BLIND_SLOTS) {
      for (const part of ['tune', 'holdout'] as const) {
        const cases = loadBlindSet(slot, part);
        expect(cases.length, `${slot}.${part}`).toBeGreaterThanOrEqual(60);
        expect(new Set(cases.map((c) => c.locale)), `${slot}.${part}`).toEqual(new Set(['fr', 'en']));
      }
    }
  });
});
