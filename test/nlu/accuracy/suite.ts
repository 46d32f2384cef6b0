/** The accuracy suite of one slot over every evaluation set that has it (expectations.ts says what each must show). */
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../core/lead/model.js';
import { corpusExamples, corpusPath, parseCorpus, readCorpusSource } from '../../../bot/nlu/qualification/motivation-model.js';
import { extract } from '../../../bot/nlu/registry.js';
import { fold } from '../../../bot/nlu/text.js';
import {
  accuracyOf, countOutcomes, isCorrect, isWellFormed, loadCases, outcomeOf, type EvalCase, type EvalSetName, type Part,
} from '../eval-sets.js';
import { EXPECTATIONS, MARGIN, type SetExpectation } from './expectations.js';

const read = (c: EvalCase) => extract(c.slot, c.text, { locale: c.locale, now: c.now });
const accuracy = (cases: EvalCase[]) => accuracyOf(cases.filter((c) => isWellFormed(c.slot, c.expected)).map((c) => isCorrect(c.slot, c.expected, read(c)))).accuracy;

/** A budget line's kind, for label coverage. */
const labelOf = (c: EvalCase): unknown =>
  c.slot === 'budget' ? (c.expected === null ? 'none' : 'max' in (c.expected as object) ? 'range' : 'amount') : c.expected;

export function describeAccuracy(slot: string): void {
  const sets = Object.entries(EXPECTATIONS[slot] ?? {}) as [EvalSetName, SetExpectation][];
  describe.each(sets)(`${slot} on the %s set`, (set, want) => {
    const parts: (Part | undefined)[] = set === 'eval' ? [undefined] : ['tune', 'holdout'];

    if (want.target !== undefined) {
      const target = want.target;
      it(`≥ ${target * 100} %${target === 1 ? ' on well-formed input' : ''}${want.targetOnHeldOutToo ? ', overall and on the held-out half' : ''}`, () => {
        const cases = loadCases(set, slot);
        expect(accuracy(cases)).toBeGreaterThanOrEqual(target);
        if (want.targetOnHeldOutToo) expect(accuracy(cases.filter((c) => c.heldOut))).toBeGreaterThanOrEqual(target);
      });
    }

    if (want.holdout) {
      const { correct, total } = want.holdout;
      const floor = correct / total - MARGIN;
      it(`hold-out ≥ ${(floor * 100).toFixed(1)} % (measured ${correct}/${total} − 3 points)`, () => {
        const cases = loadCases(set, slot, 'holdout');
        expect(cases).toHaveLength(total);
        expect(accuracy(cases)).toBeGreaterThanOrEqual(floor);
      });
    }

    if (want.holdoutOutcomes) {
      const { right, wrong, total } = want.holdoutOutcomes;
      it(`hold-out: right ≥ ${right}/${total} − 3 points, confidently wrong ≤ ${wrong}/${total} + 3 points`, () => {
        const cases = loadCases(set, slot, 'holdout');
        const counts = countOutcomes(cases.map((c) => outcomeOf(slot, c.expected, read(c))));
        expect(counts.total).toBe(total);
        expect(counts.right / total).toBeGreaterThanOrEqual(right / total - MARGIN);
        expect(counts.wrong / total).toBeLessThanOrEqual(wrong / total + MARGIN);
      });
    }

    it('is big enough, in French and English, with the expected labels and dates', () => {
      for (const part of parts) {
        const cases = loadCases(set, slot, part);
        const min = typeof want.minLines === 'number' ? want.minLines : want.minLines[part!];
        expect(cases.length, part).toBeGreaterThanOrEqual(min);
        expect(new Set(cases.map((c) => c.locale)), part).toEqual(new Set(LOCALES));
        if (want.minPerLocale) for (const l of LOCALES) expect(cases.filter((c) => c.locale === l).length, `${part} ${l}`).toBeGreaterThanOrEqual(want.minPerLocale);
        if (want.labels) expect(new Set(cases.map(labelOf)), part).toEqual(new Set(want.labels));
        if (want.minReferenceDates) expect(new Set(cases.map((c) => c.now.toISOString())).size, part).toBeGreaterThanOrEqual(want.minReferenceDates);
        if (want.uniqueTexts) expect(new Set(cases.map((c) => `${c.locale}:${fold(c.text)}`)).size).toBe(cases.length);
      }
    });

    if (want.disjointParts) {
      it('hold-out lines are not tune lines', () => {
        const tune = new Set(loadCases(set, slot, 'tune').map((c) => c.text.toLowerCase()));
        expect(loadCases(set, slot, 'holdout').filter((c) => tune.has(c.text.toLowerCase()))).toEqual([]);
      });
    }

    if (want.noTrainingCopies) {
      it('shares no answer with the training corpora', () => {
        const training = new Set(LOCALES.flatMap((l) => corpusExamples(parseCorpus(readCorpusSource(l), corpusPath(l))).map((e) => fold(e.text))));
        const copies = parts.flatMap((part) => loadCases(set, slot, part)).filter((c) => training.has(fold(c.text)));
        expect(copies.map((c) => c.text)).toEqual([]);
      });
    }
  });
}
