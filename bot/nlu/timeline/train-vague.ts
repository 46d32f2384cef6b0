/**
 * Build step: trains the timeline fallback classifier (none / unknown / other) on data/nlu/timeline-vague.<locale>.yaml
 * and writes data/nlu/timeline-vague.model.json. The acceptance threshold comes from k-fold cross-validation: the
 * lowest confidence at which the out-of-fold `none`/`unknown` readings it lets through are right at least
 * TARGET_PRECISION of the time (a wrong bucket costs more than asking again). Output is byte-identical across runs.
 *   npx tsx bot/nlu/timeline/train-vague.ts [--folds 5]
 */
import '../../../core/quiet.js';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Locale } from '../../../core/lead/model.js';
import { LOCALES } from '../../../core/lead/model.js';
import {
  corpusExamples,
  corpusHash,
  FEATURES_VERSION,
  parseCorpus,
  restoreClassifier,
  serializeClassifier,
  trainClassifier,
  type Corpus,
  type MotivationModelFile,
} from '../qualification/motivation-model.js';
import { isAccepted, readVagueCorpusSources, VAGUE_LABELS, VAGUE_MODEL_PATH, vagueCorpusPath, type VagueModelFile } from './vague-model.js';

/** Share of accepted out-of-fold `none`/`unknown` readings that must be right. */
const TARGET_PRECISION = 0.95;
const CANDIDATE_THRESHOLDS = Array.from({ length: 50 }, (_, i) => Number((0.5 + i * 0.01).toFixed(2)));

interface Prediction { truth: string; label: string; confidence: number }

function classifiersFile(corpora: Partial<Record<Locale, Corpus>>, examples: Partial<Record<Locale, { text: string; label: string }[]>>):
  MotivationModelFile['locales'] {
  const locales = {} as MotivationModelFile['locales'];
  for (const locale of Object.keys(examples) as Locale[]) {
    locales[locale] = serializeClassifier(trainClassifier(examples[locale]!, locale, 'bayes'), corpora[locale]!.keywords);
  }
  return locales;
}

/** Out-of-fold top readings, folds assigned every k-th example so runs are reproducible. */
function crossValidate(corpus: Corpus, locale: Locale, folds: number): Prediction[] {
  const examples = corpusExamples(corpus);
  const predictions: Prediction[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const train = examples.filter((_, i) => i % folds !== fold);
    const model = { version: 1, algorithm: 'bayes', corpusHash: '', featuresVersion: FEATURES_VERSION, categories: [],
      locales: classifiersFile({ [locale]: corpus }, { [locale]: train }) } as MotivationModelFile;
    const classify = restoreClassifier(model, locale);
    for (const e of examples.filter((_, i) => i % folds === fold)) {
      const top = classify(e.text)[0];
      predictions.push({ truth: e.label, label: top?.label ?? 'other', confidence: top?.confidence ?? 0 });
    }
  }
  return predictions;
}

function atThreshold(predictions: Prediction[], threshold: number) {
  const accepted = predictions.filter((p) => isAccepted(p, threshold));
  const right = accepted.filter((p) => p.label === p.truth).length;
  const wanted = predictions.filter((p) => p.truth !== 'other').length;
  return {
    threshold,
    precision: accepted.length === 0 ? 1 : Number((right / accepted.length).toFixed(3)),
    recall: Number((right / wanted).toFixed(3)),
    wrongBuckets: accepted.length - right,
  };
}

const { values } = parseArgs({ options: { folds: { type: 'string', default: '5' } } });
const folds = Number(values.folds);
if (!Number.isInteger(folds) || folds < 2) throw new Error('--folds must be an integer ≥ 2');

const sources = readVagueCorpusSources();
const corpora = Object.fromEntries(LOCALES.map((l) => [l, parseCorpus(sources[l], vagueCorpusPath(l))])) as Record<Locale, Corpus>;
for (const locale of LOCALES) {
  const labels = Object.keys(corpora[locale].categories).sort();
  if (labels.join() !== [...VAGUE_LABELS].sort().join()) throw new Error(`${vagueCorpusPath(locale)}: labels must be ${VAGUE_LABELS.join(', ')}`);
}

const predictions = Object.fromEntries(LOCALES.map((l) => [l, crossValidate(corpora[l], l, folds)])) as Record<Locale, Prediction[]>;
const pooled = LOCALES.flatMap((l) => predictions[l]);
const chosen = CANDIDATE_THRESHOLDS.map((t) => atThreshold(pooled, t)).find((m) => m.precision >= TARGET_PRECISION);
if (!chosen) throw new Error(`no threshold reaches a cross-validated precision of ${TARGET_PRECISION}: add examples to the corpora`);

const evaluation = {
  folds,
  targetPrecision: TARGET_PRECISION,
  ...Object.fromEntries(LOCALES.map((l) => [`${l}Accuracy`,
    Number((predictions[l].filter((p) => p.label === p.truth).length / predictions[l].length).toFixed(3))])),
  ...Object.fromEntries(LOCALES.map((l) => [`${l}AtThreshold`, atThreshold(predictions[l], chosen.threshold)])),
  pooledAtThreshold: chosen,
};
const examples = Object.fromEntries(LOCALES.map((l) => [l, corpusExamples(corpora[l])]));
const model: VagueModelFile = {
  version: 1, algorithm: 'bayes', corpusHash: corpusHash(sources), featuresVersion: FEATURES_VERSION, categories: [...VAGUE_LABELS],
  locales: classifiersFile(corpora, examples), threshold: chosen.threshold, evaluation,
};
writeFileSync(VAGUE_MODEL_PATH, JSON.stringify(model) + '\n');
console.log(JSON.stringify(evaluation));
console.log(`wrote ${VAGUE_MODEL_PATH} (threshold ${chosen.threshold})`);
