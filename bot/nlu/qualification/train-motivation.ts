/**
 * Build step: trains the motivation classifier on data/nlu/motivation.<locale>.yaml and writes
 * data/nlu/motivation.model.json, with k-fold cross-validation accuracy on the corpora.
 * `--compare` also trains natural's LogisticRegressionClassifier and ships whichever scores better;
 * it is off by default because logistic regression (dense matrices) takes minutes and, measured on
 * these corpora, scored lower than BayesClassifier (0.57 vs 0.61 before keyword cues).
 *   npx tsx bot/nlu/qualification/train-motivation.ts [--compare | --algorithm bayes|logistic] [--folds 5]
 */
import '../../../core/quiet.js';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Locale } from '../../../core/lead/model.js';
import { LOCALES } from '../../../core/lead/model.js';
import {
  corpusExamples,
  corpusHash,
  corpusPath,
  MOTIVATION_FEATURES_VERSION,
  MODEL_PATH,
  parseCorpus,
  readCorpusSource,
  restoreClassifier,
  serializeClassifier,
  trainClassifier,
  type Algorithm,
  type Corpus,
  type MotivationModelFile,
} from './motivation-model.js';

type Example = { text: string; label: string };

/** Deterministic fold assignment (every k-th example), so runs are reproducible. */
function crossValidate(corpus: Corpus, locale: Locale, algorithm: Algorithm, folds: number): number {
  const examples = corpusExamples(corpus);
  let correct = 0;
  for (let fold = 0; fold < folds; fold++) {
    const train = examples.filter((_, i) => i % folds !== fold);
    const test = examples.filter((_, i) => i % folds === fold);
    const model = modelFile(algorithm, '', [], { [locale]: trainClassifier(train, locale, algorithm, true) } as never, { [locale]: corpus } as never);
    const classify = restoreClassifier(model, locale);
    correct += test.filter((e) => classify(e.text)[0]?.label === e.label).length;
  }
  return correct / examples.length;
}

function modelFile(
  algorithm: Algorithm,
  hash: string,
  categories: string[],
  classifiers: Record<Locale, ReturnType<typeof trainClassifier>>,
  corpora: Record<Locale, Corpus>,
): MotivationModelFile {
  const locales = {} as MotivationModelFile['locales'];
  for (const [locale, classifier] of Object.entries(classifiers) as [Locale, ReturnType<typeof trainClassifier>][]) {
    locales[locale] = serializeClassifier(classifier, corpora[locale].keywords);
  }
  return { version: 1, algorithm, corpusHash: hash, featuresVersion: MOTIVATION_FEATURES_VERSION, categories, locales };
}

const { values } = parseArgs({
  options: { algorithm: { type: 'string', default: 'bayes' }, compare: { type: 'boolean', default: false }, folds: { type: 'string', default: '5' } },
});
const folds = Number(values.folds);
const algorithm = values.algorithm as Algorithm;
if (algorithm !== 'bayes' && algorithm !== 'logistic') throw new Error('--algorithm must be bayes or logistic');

const sources = Object.fromEntries(LOCALES.map((l) => [l, readCorpusSource(l)])) as Record<Locale, string>;
const corpora = Object.fromEntries(LOCALES.map((l) => [l, parseCorpus(sources[l], corpusPath(l))])) as Record<Locale, Corpus>;
const examples = Object.fromEntries(LOCALES.map((l) => [l, corpusExamples(corpora[l])])) as Record<Locale, Example[]>;

const evaluation: Record<string, Record<string, number>> = {};
const candidates: Algorithm[] = values.compare ? ['bayes', 'logistic'] : [algorithm];
for (const candidate of candidates) {
  const started = performance.now();
  const scores: Record<string, number> = {};
  for (const locale of LOCALES) scores[`${locale}CrossValidation`] = Number(crossValidate(corpora[locale], locale, candidate, folds).toFixed(3));
  evaluation[candidate] = scores;
  // Timing is printed, not stored: the shipped model must be byte-identical on every build.
  console.log(candidate, { ...scores, trainingSeconds: Number(((performance.now() - started) / 1000).toFixed(1)) });
}
const mean = (a: Algorithm) => LOCALES.reduce((s, l) => s + (evaluation[a]?.[`${l}CrossValidation`] ?? 0), 0);
const chosen = candidates.reduce((best, a) => (mean(a) > mean(best) ? a : best));

const classifiers = Object.fromEntries(LOCALES.map((l) => [l, trainClassifier(examples[l], l, chosen, true)])) as Record<Locale, ReturnType<typeof trainClassifier>>;
const categories = [...new Set(LOCALES.flatMap((l) => examples[l].map((e) => e.label)))];
const model = { ...modelFile(chosen, corpusHash(sources, MOTIVATION_FEATURES_VERSION), categories, classifiers, corpora), evaluation: { folds, ...evaluation } };
writeFileSync(MODEL_PATH, JSON.stringify(model) + '\n');
console.log(`wrote ${MODEL_PATH} (${chosen}, ${categories.length} categories)`);
