/**
 * What the motivation classifier is trained from: its own corpus (data/nlu/motivation.<locale>.yaml, cue phrases and
 * answers written for it) and the labelled answers of the evaluation sets' tune halves (../labelled-answers.ts). Measured
 * leaving each set out in turn, the answers took the hold-out halves from 91.7 to 94.1 % right in French and 91.4 to
 * 93.1 % in English, confidently wrong about unchanged (bot/nlu/README.md, "Labelled answers").
 */
import type { Locale } from '../../../core/lead/model.js';
import { LOCALES } from '../../../core/lead/model.js';
import { answersCorpusExamples, readAnswersCorpusSources, type Example } from '../labelled-answers.js';
import {
  corpusExamples, corpusHash, MOTIVATION_FEATURES_VERSION, readCorpusSource, serializeClassifier, trainClassifier, type Algorithm, type Corpus,
  type MotivationModelFile,
} from './motivation-model.js';

/** Both sources of one language, as one text per language (what the shipped model's fingerprint covers). */
export function motivationTrainingSources(): Record<Locale, string> {
  const answers = readAnswersCorpusSources('motivation');
  return Object.fromEntries(LOCALES.map((l) => [l, `${readCorpusSource(l)}\0${answers[l]}`])) as Record<Locale, string>;
}

export const motivationTrainingHash = (): string => corpusHash(motivationTrainingSources(), MOTIVATION_FEATURES_VERSION);

export function motivationTrainingExamples(corpus: Corpus, locale: Locale): Example[] {
  return [...corpusExamples(corpus), ...answersCorpusExamples('motivation', locale)];
}

/** A model trained on these examples per language, with each corpus' keyword cues (build, cross-validation, `bench:nlu`). */
export function motivationModel(
  examples: Partial<Record<Locale, Example[]>>, corpora: Partial<Record<Locale, Corpus>>, algorithm: Algorithm = 'bayes', hash = '',
): MotivationModelFile {
  const locales = {} as MotivationModelFile['locales'];
  for (const [locale, train] of Object.entries(examples) as [Locale, Example[]][]) {
    locales[locale] = serializeClassifier(trainClassifier(train, locale, algorithm, true), corpora[locale]?.keywords);
  }
  const categories = [...new Set(Object.values(examples).flatMap((train) => train.map((e) => e.label)))];
  return { version: 1, algorithm, corpusHash: hash, featuresVersion: MOTIVATION_FEATURES_VERSION, categories, locales };
}
