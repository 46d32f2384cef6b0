/**
 * Build step: trains a phrase-table slot's cross-check classifier (cross-check.ts) on data/nlu/<slot>.answers.<locale>.yaml
 * and writes data/nlu/<slot>.answers.model.json, with k-fold cross-validated accuracy for the record. Byte-identical
 * across runs.
 *   npx tsx bot/nlu/phrases/train-cross-check.ts <role|sector|project> [--folds 5]
 */
import '../../../core/quiet.js';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Locale } from '../../../core/lead/model.js';
import { LOCALES } from '../../../core/lead/model.js';
import { corpusHash, restoreClassifier } from '../qualification/motivation-model.js';
import { answersCorpusExamples, readAnswersCorpusSources, type Example } from '../labelled-answers.js';
import { answersModel, answersModelPath, CROSS_CHECKED_SLOTS, type CrossCheckedSlot } from './cross-check.js';

/** Share of examples whose out-of-fold top label is right; folds take every k-th example, so runs are reproducible. */
function crossValidate(examples: Example[], locale: Locale, folds: number): number {
  let right = 0;
  for (let fold = 0; fold < folds; fold++) {
    const classify = restoreClassifier(answersModel({ [locale]: examples.filter((_, i) => i % folds !== fold) }), locale);
    right += examples.filter((e, i) => i % folds === fold && classify(e.text)[0]?.label === e.label).length;
  }
  return Number((right / examples.length).toFixed(3));
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { folds: { type: 'string', default: '5' } } });
const slot = positionals[0] as CrossCheckedSlot;
if (!CROSS_CHECKED_SLOTS.includes(slot)) throw new Error(`slot must be one of ${CROSS_CHECKED_SLOTS.join(', ')}`);
const folds = Number(values.folds);
if (!Number.isInteger(folds) || folds < 2) throw new Error('--folds must be an integer ≥ 2');

const sources = readAnswersCorpusSources(slot);
const examples = Object.fromEntries(LOCALES.map((l) => [l, answersCorpusExamples(slot, l, sources[l])])) as Record<Locale, Example[]>;
const evaluation = { folds, ...Object.fromEntries(LOCALES.map((l) => [`${l}CrossValidation`, crossValidate(examples[l], l, folds)])) };
const model = { ...answersModel(examples, corpusHash(sources)), evaluation };
writeFileSync(answersModelPath(slot), JSON.stringify(model) + '\n');
console.log(JSON.stringify(evaluation));
console.log(`wrote ${answersModelPath(slot)} (${model.categories.length} categories)`);
