/**
 * A second reader for a phrase-table slot: a `natural` Bayes classifier (the motivation classifier's features and
 * training, qualification/motivation-model.ts) trained at build time on labelled answers written by people who never saw
 * the tables (../labelled-answers.ts), shipped as data/nlu/<slot>.answers.model.json.
 *
 * The table stays the reader; the classifier only reviews it. Measured leaving one writer's set out of training at a
 * time (bot/nlu/README.md, "Cross-check"): where the two agree, the table is almost never wrong (role: 4 wrong in 1,464);
 * nearly all its confident wrongs sit where the classifier is sure of another label. So:
 * - a table reading the classifier contradicts with a share of at least `SIDING_FROM` becomes a question (unless the
 *   table is sure, `SURE_FROM`);
 * - where the table asks or reads nothing, a classifier share of at least `FILL_FROM` gives the value, `SIDING_FROM` when
 *   it is the table's own unsure guess; so are settled the close calls between two needs said about as strongly ("un CRM
 *   et un site web"), which the sets' writers had settled by naming the main one.
 */
import { readFileSync } from 'node:fs';
import type { Locale } from '../../../core/lead/model.js';
import { LOCALES } from '../../../core/lead/model.js';
import { fromRoot } from '../../../core/paths.js';
import type { Example, LabelledSlot } from '../labelled-answers.js';
import { ASK_BELOW } from '../../../core/slots/extractor.js';
import {
  FEATURES_VERSION, restoreClassifier, serializeClassifier, trainClassifier, type Classification, type LocaleClassifier, type MotivationModelFile,
} from '../qualification/motivation-model.js';

export const CROSS_CHECKED_SLOTS = ['role', 'sector', 'project'] as const satisfies readonly LabelledSlot[];
export type CrossCheckedSlot = (typeof CROSS_CHECKED_SLOTS)[number];

export const answersModelPath = (slot: CrossCheckedSlot): string => fromRoot('data', 'nlu', `${slot}.answers.model.json`);

export interface Reading<T extends string> {
  label: T;
  confidence: number;
}

/**
 * The classifier's shares, one set for every slot, chosen on leave-one-set-out readings (bot/nlu/README.md, "Cross-check"):
 * from `SIDING_FROM` it overrules a table reading it contradicts, or sides with the table's own unsure guess; from
 * `FILL_FROM` it answers alone where the table asks.
 */
const SIDING_FROM = 0.6;
const FILL_FROM = 0.8;
/** A table reading this sure is not overruled: phrases said in full ("je suis le gérant") beat a bag of words. */
const SURE_FROM = 0.9;
/** An overruled reading keeps its label for the record, under the threshold so the bot asks. */
const DISPUTED_CONFIDENCE = 0.45;
/** A value the classifier gave alone: usable, and below any reading the table states plainly. */
const FILLED_CONFIDENCE = 0.6;

interface LoadedModel {
  categories: ReadonlySet<string>;
  classifiers: Record<Locale, LocaleClassifier>;
}

/** Per slot: the model in use, or null when the table reads alone (`useCrossCheckModel`). */
const loaded = new Map<CrossCheckedSlot, LoadedModel | null>();

/** A model trained on labelled answers per language (build: the corpora; `npm run bench:nlu`: all but one writer's). */
export function answersModel(examples: Partial<Record<Locale, Example[]>>, corpusHash = ''): MotivationModelFile {
  const locales = {} as MotivationModelFile['locales'];
  for (const [locale, train] of Object.entries(examples) as [Locale, Example[]][]) {
    locales[locale] = serializeClassifier(trainClassifier(train, locale, 'bayes'));
  }
  const categories = [...new Set(Object.values(examples).flatMap((train) => train.map((e) => e.label)))].sort();
  return { version: 1, algorithm: 'bayes', corpusHash, featuresVersion: FEATURES_VERSION, categories, locales };
}

export function readAnswersModel(slot: CrossCheckedSlot): MotivationModelFile {
  return JSON.parse(readFileSync(answersModelPath(slot), 'utf8')) as MotivationModelFile;
}

/** Load a slot's shipped model now (call at start-up); returns the milliseconds it took. */
export function loadCrossCheckModel(slot: CrossCheckedSlot): number {
  const started = performance.now();
  useCrossCheckModel(slot, readAnswersModel(slot));
  return performance.now() - started;
}

/** Review a slot's readings with this model from now on, or with none (null: the table alone; `npm run bench:nlu`). */
export function useCrossCheckModel(slot: CrossCheckedSlot, model: MotivationModelFile | null): void {
  loaded.set(slot, model && {
    categories: new Set(model.categories),
    classifiers: Object.fromEntries(LOCALES.map((l) => [l, restoreClassifier(model, l)])) as Record<Locale, LocaleClassifier>,
  });
}

/**
 * Reviews a table's reading of an answer with the slot's classifier. `values` are the labels the slot may take now (for
 * project, the catalogue's ids): only those the classifier was trained on count, so a product marketing has just added is
 * neither overruled nor guessed.
 */
export function crossCheck<T extends string>(slot: CrossCheckedSlot, values: readonly T[]) {
  const labelsOf = new WeakMap<LoadedModel, ReadonlySet<string>>();
  return (reading: Reading<T> | undefined, text: string, locale: Locale): Reading<T> | undefined => {
    if (!loaded.has(slot)) loadCrossCheckModel(slot);
    const model = loaded.get(slot);
    if (!model) return reading;
    let labels = labelsOf.get(model);
    if (!labels) labelsOf.set(model, (labels = new Set(values.filter((v) => model.categories.has(v)))));
    return reviewReading(reading, model.classifiers[locale](text)[0], labels);
  };
}

/**
 * The table's reading after the classifier's top classification (`second`, its share as confidence) had its say; `labels`
 * are those both may use.
 */
export function reviewReading<T extends string>(
  reading: Reading<T> | undefined, second: Classification | undefined, labels: ReadonlySet<string>,
): Reading<T> | undefined {
  // Only a label of the slot has a say: the corpora's `no-answer` class (NO_ANSWER), sure of itself on a long title whose
  // words it has mostly seen in refusals, was wrong 25 times in 28 when it contradicted the role table.
  if (!second || !labels.has(second.label)) return reading;
  if (reading && reading.confidence >= ASK_BELOW) {
    const contradicted = labels.has(reading.label) && second.label !== reading.label && second.confidence >= SIDING_FROM
      && reading.confidence < SURE_FROM;
    return contradicted ? { label: reading.label, confidence: DISPUTED_CONFIDENCE } : reading;
  }
  const fillFrom = reading?.label === second.label ? SIDING_FROM : FILL_FROM;
  return second.confidence >= fillFrom ? { label: second.label as T, confidence: FILLED_CONFIDENCE } : reading;
}
