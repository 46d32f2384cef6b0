/**
 * The labelled answers (bot/nlu/labelled-answers.ts, data/nlu/<slot>.answers.<locale>.yaml): every line we
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
import { answersCorpusPath, LABELLED_SLOTS, NO_ANSWER, type Example, type LabelledSlot } from '../../bot/nlu/labelled-answers.js';
import { foldText } from '../../bot/nlu/words.js';
import { EVAL_SETS, loadCases, slotsOf, type EvalCase, type EvalSetName } from './eval-sets.js';

export const setsWith = (slot: string): EvalSetName[] => (Object.keys(EVAL_SETS) as EvalSetName[]).filter((set) => slotsOf(set).includes(slot));

function casesOf(slot: string, heldOut: boolean, sets: readonly EvalSetName[] = setsWith(slot)): EvalCase[] {
  return sets.flatMap((set) =>
    set === 'eval' ? loadCases(set, slot).filter((c) => c.heldOut === heldOut) : loadCases(set, slot, heldOut ? 'holdout' : 'tune'));
}

export const heldOutCases = (slot: string, sets?: readonly EvalSetName[]): EvalCase[] => casesOf(slot, true, sets);

/**
 * The labelled answers we may tune on in one language, each once (compared folded), none also written in a hold-out half;
 * `leaveOut`: a set whose answers are left out too (`npm run bench:nlu` measures the cross-check on a writer it never saw).
 */
export function answerExamples(slot: string, locale: Locale, leaveOut?: EvalSetName): Example[] {
  const seen = new Set(heldOutCases(slot).map((c) => foldText(c.text)));
  const examples: Example[] = [];
  for (const c of casesOf(slot, false, setsWith(slot).filter((set) => set !== leaveOut))) {
    if (c.locale !== locale || seen.has(foldText(c.text))) continue;
    seen.add(foldText(c.text));
    examples.push({ text: c.text, label: c.expected === '?' ? NO_ANSWER : String(c.expected) });
  }
  return examples;
}

/** The corpus file's text: categories in label order, answers in the sets' order, so regenerating is byte-identical. */
export function answersCorpusSource(slot: LabelledSlot, locale: Locale): string {
  const categories: Record<string, string[]> = {};
  for (const { text, label } of answerExamples(slot, locale)) (categories[label] ??= []).push(text);
  const sorted = Object.fromEntries(Object.keys(categories).sort().map((label) => [label, categories[label]]));
  const header = [
    `# Labelled answers to the ${slot} question (${locale}), written by test/nlu/answers-corpus.ts from the evaluation sets'`,
    '# tune halves: do not edit by hand. See bot/nlu/labelled-answers.ts for what is trained on it.',
  ].join('\n');
  return `${header}\n${stringify({ locale, categories: sorted }, { lineWidth: 0 })}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const slot of LABELLED_SLOTS) for (const locale of LOCALES) {
    writeFileSync(answersCorpusPath(slot, locale), answersCorpusSource(slot, locale));
    console.log(`wrote ${answersCorpusPath(slot, locale)}`);
  }
}
