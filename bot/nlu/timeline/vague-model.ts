/**
 * The timeline fallback classifier: when the rules find no time and no known vague phrase, a `natural`
 * BayesClassifier (the motivation classifier's features and training, see qualification/motivation-model.ts)
 * tells "no project" (`none`) and "cannot tell" (`unknown`) answers from answers about something else (`other`).
 * Trained at build time (train-vague.ts) on data/nlu/timeline-vague.<locale>.yaml, shipped as
 * data/nlu/timeline-vague.model.json with the confidence threshold chosen by cross-validation.
 */
import { readFileSync } from 'node:fs';
import type { Locale } from '../../../core/lead/model.js';
import { LOCALES } from '../../../core/lead/model.js';
import { fromRoot } from '../../../core/paths.js';
import { restoreClassifier, type Classification, type LocaleClassifier, type MotivationModelFile } from '../qualification/motivation-model.js';

export const VAGUE_MODEL_PATH = fromRoot('data', 'nlu', 'timeline-vague.model.json');
export const vagueCorpusPath = (locale: Locale): string => fromRoot('data', 'nlu', `timeline-vague.${locale}.yaml`);

/** The labels the classifier may answer with; only the first two are timeline buckets. */
export const VAGUE_LABELS = ['none', 'unknown', 'other'] as const;
export type VagueBucket = 'none' | 'unknown';

export interface VagueModelFile extends MotivationModelFile {
  /** A `none`/`unknown` reading is accepted at or above this confidence (chosen by cross-validation). */
  threshold: number;
}

export interface VagueReading {
  bucket: VagueBucket;
  confidence: number;
}

export function readVagueCorpusSources(): Record<Locale, string> {
  return Object.fromEntries(LOCALES.map((l) => [l, readFileSync(vagueCorpusPath(l), 'utf8')])) as Record<Locale, string>;
}

export function readVagueModel(file: string = VAGUE_MODEL_PATH): VagueModelFile {
  return JSON.parse(readFileSync(file, 'utf8')) as VagueModelFile;
}

let loaded: { threshold: number; classifiers: Record<Locale, LocaleClassifier> } | undefined;

/** Load the shipped model now (call at start-up); returns the milliseconds it took. */
export function loadVagueModel(file: string = VAGUE_MODEL_PATH): number {
  const started = performance.now();
  const model = readVagueModel(file);
  const classifiers = Object.fromEntries(LOCALES.map((l) => [l, restoreClassifier(model, l)])) as Record<Locale, LocaleClassifier>;
  loaded = { threshold: model.threshold, classifiers };
  return performance.now() - started;
}

/** True when a top classification is a bucket the threshold lets through. */
export function isAccepted(top: Classification | undefined, threshold: number): top is Classification {
  return top !== undefined && top.label !== 'other' && top.confidence >= threshold;
}

/**
 * `none` or `unknown` when the classifier is sure enough, else undefined (the dialog re-asks). The conversation's
 * language first, then the other one: visitors on the French site sometimes answer in English.
 */
export function classifyVague(text: string, locale: Locale): VagueReading | undefined {
  if (!loaded) loadVagueModel();
  const { threshold, classifiers } = loaded as NonNullable<typeof loaded>;
  let top = classifiers[locale](text)[0];
  // A sure "other" in the conversation's language is final; only an unsure reading tries the other language.
  if (!top || top.confidence < threshold) top = classifiers[locale === 'fr' ? 'en' : 'fr'](text)[0];
  return isAccepted(top, threshold) ? { bucket: top.label as VagueBucket, confidence: Number(top.confidence.toFixed(3)) } : undefined;
}
