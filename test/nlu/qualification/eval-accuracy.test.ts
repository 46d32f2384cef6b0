import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../core/lead/model.js';
import { evalLabel, qualificationExtractors } from '../../../bot/nlu/qualification/index.js';
import { corpusExamples, parseCorpus, readCorpusSource, corpusPath } from '../../../bot/nlu/qualification/motivation-model.js';
import { fold } from '../../../bot/nlu/qualification/text.js';
import { readEvalSet, type EvalLine } from './eval-sets.js';

const now = new Date('2026-11-23T10:00:00Z');

function accuracy(slot: string, lines: EvalLine[]): number {
  const extractor = qualificationExtractors[slot]!;
  const right = lines.filter((line) => {
    const result = extractor.extract(line.text, { locale: line.locale, now });
    return result.ok && evalLabel(slot, result.value) === line.expected;
  });
  return right.length / lines.length;
}

/**
 * Rules were tuned looking only at failures on even lines; odd lines are the held-out half.
 * Targets: motivation ≥ 90 % (issue 3); the rule-based slots are held to the same bar.
 */
const TARGETS: Record<string, number> = { motivation: 0.9, project: 0.9, role: 0.9, companySize: 0.9, sector: 0.9 };

describe.each(Object.entries(TARGETS))('eval set %s', (slot, target) => {
  const lines = readEvalSet(slot);

  it('has at least 150 FR+EN answers with a known label', () => {
    expect(lines.length).toBeGreaterThanOrEqual(150);
    for (const locale of LOCALES) expect(lines.filter((l) => l.locale === locale).length).toBeGreaterThan(50);
    expect(new Set(lines.map((l) => `${l.locale}:${fold(l.text)}`)).size).toBe(lines.length);
  });

  it(`reaches ${target * 100} % overall and on the held-out half`, () => {
    expect(accuracy(slot, lines)).toBeGreaterThanOrEqual(target);
    expect(accuracy(slot, lines.filter((_, i) => i % 2 === 1))).toBeGreaterThanOrEqual(target);
  });
});

describe('motivation eval set', () => {
  it('shares no answer with the training corpora', () => {
    const training = new Set(LOCALES.flatMap((l) => corpusExamples(parseCorpus(readCorpusSource(l), corpusPath(l))).map((e) => fold(e.text))));
    const copies = readEvalSet('motivation').filter((line) => training.has(fold(line.text)));
    expect(copies.map((c) => c.text)).toEqual([]);
  });
});
