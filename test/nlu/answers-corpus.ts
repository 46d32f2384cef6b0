/**
 * The labelled answers the cross-check classifiers are trained on (data/nlu/<slot>.answers.<locale>.yaml): every line we
 * may tune on — each split set's `tune` half and `eval`'s even lines — never a hold-out half. Written from the sets here so
 * the corpus follows them: after adding a set, run `npx tsx test/nlu/answers-corpus.ts` (the build then retrains).
 * A `"?"` answer (nothing fits, the bot must ask) is the class `no-answer`, as in the motivation corpora. An answer also
 * written in a hold-out half ("PDG", "informatique": short answers recur across writers) is left out, so hold-out scores
 * stay measured on answers the classifier never saw.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { LOCALES, type Locale } from '../../core/lead/model.js';
import { CROSS_CHECKED_SLOTS, answersCorpusPath, NO_ANSWER } from '../../bot/nlu/phrases/cross-check.js';
import { foldText } from '../../bot/nlu/words.js';
import { EVAL_SETS, loadCases, slotsOf, type EvalCase, type EvalSetName } from './eval-sets.js';

function casesOf(slot: string, heldOut: boolean): EvalCase[] {
  return (Object.keys(EVAL_SETS) as EvalSetName[]).flatMap((set) => {
    if (!slotsOf(set).includes(slot)) return [];
    return set === 'eval' ? loadCases(set, slot).filter((c) => c.heldOut === heldOut) : loadCases(set, slot, heldOut ? 'holdout' : 'tune');
  });
}

export const heldOutCases = (slot: string): EvalCase[] => casesOf(slot, true);

/** The corpus file's text: categories in label order, each answer once (first seen, compared folded), so regenerating is byte-identical. */
export function answersCorpusSource(slot: string, locale: Locale): string {
  const categories: Record<string, string[]> = {};
  const seen = new Set(heldOutCases(slot).map((c) => foldText(c.text)));
  for (const c of casesOf(slot, false)) {
    if (c.locale !== locale || seen.has(foldText(c.text))) continue;
    seen.add(foldText(c.text));
    const label = c.expected === '?' ? NO_ANSWER : String(c.expected);
    (categories[label] ??= []).push(c.text);
  }
  const sorted = Object.fromEntries(Object.keys(categories).sort().map((label) => [label, categories[label]]));
  const header = [
    `# Labelled answers to the ${slot} question (${locale}), written by test/nlu/answers-corpus.ts from the evaluation sets'`,
    '# tune halves: do not edit by hand. The cross-check classifier (bot/nlu/phrases/cross-check.ts) is trained on it.',
  ].join('\n');
  return `${header}\n${stringify({ locale, categories: sorted }, { lineWidth: 0 })}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const slot of CROSS_CHECKED_SLOTS) for (const locale of LOCALES) {
    writeFileSync(answersCorpusPath(slot, locale), answersCorpusSource(slot, locale));
    console.log(`wrote ${answersCorpusPath(slot, locale)}`);
  }
}
