import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../core/lead/model.js';
import { foldText } from '../../bot/nlu/words.js';
import { answersCorpusExamples, answersCorpusPath, LABELLED_SLOTS } from '../../bot/nlu/labelled-answers.js';
import { answersCorpusSource, heldOutCases } from './answers-corpus.js';

describe.each(LABELLED_SLOTS)('%s labelled answers', (slot) => {
  it('hold every answer we may tune on (else run: npx tsx test/nlu/answers-corpus.ts)', () => {
    for (const locale of LOCALES) expect(readFileSync(answersCorpusPath(slot, locale), 'utf8')).toBe(answersCorpusSource(slot, locale));
  });

  it('hold no hold-out answer', () => {
    const corpus = new Set(LOCALES.flatMap((l) => answersCorpusExamples(slot, l)).map((e) => foldText(e.text)));
    expect(corpus.size).toBeGreaterThan(1500);
    const heldOut = heldOutCases(slot);
    expect(heldOut.length).toBeGreaterThan(1500);
    expect(heldOut.filter((c) => corpus.has(foldText(c.text))).map((c) => c.text)).toEqual([]);
  });
});
