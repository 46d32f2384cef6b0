/**
 * The motivation classifier: corpora (data/nlu/motivation.<locale>.yaml), the features the
 * classifier sees, training with `natural`, and the shipped JSON model (data/nlu/motivation.model.json).
 * Training happens at build time (train-motivation.ts); start-up only restores the JSON.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';
import LogisticRegressionClassifier from 'natural/lib/natural/classifiers/logistic_regression_classifier.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import type { Stemmer } from 'natural/lib/natural/stemmers/index.js';
import type { Locale } from '../../../core/lead/model.js';
import { LOCALES } from '../../../core/lead/model.js';
import { fromRoot } from '../../../core/paths.js';
import { foldText, indexOfSequence, isStopWord, negationAwareStems, stem, words } from '../words.js';
import { expandSpokenJe } from '../text.js';
import { idioms, textCues } from './motivation-cues.js';
import { TypoCorrector } from '../phrases/typos.js';
import { ConfigFileError, configSchema, parseValidatedYaml } from '../../../core/config/validated-yaml.js';

type NaturalClassifier = InstanceType<typeof BayesClassifier> | InstanceType<typeof LogisticRegressionClassifier>;

/** Bump when `features()` changes: the shipped model then no longer matches and must be retrained (timeline's vague model). */
export const FEATURES_VERSION = 'negated-stems+bigrams/4';
/** The motivation model's features: the same, every number folded to one word and French "plus" kept (see `featureStems`). */
export const MOTIVATION_FEATURES_VERSION = 'negated-stems+bigrams+numbers+plus+spoken-je/7';
export const MODEL_PATH = fromRoot('data', 'nlu', 'motivation.model.json');
export const corpusPath = (locale: Locale): string => fromRoot('data', 'nlu', `motivation.${locale}.yaml`);

export type Algorithm = 'bayes' | 'logistic';

export interface Corpus {
  locale: Locale;
  categories: Record<string, string[]>;
  /** Unambiguous cue phrases per category, combined with the classifier (see KEYWORD_WEIGHT). */
  keywords?: Record<string, string[]>;
}

export class CorpusError extends ConfigFileError {}

const CORPUS_SCHEMA = {
  type: 'object',
  required: ['locale', 'categories'],
  additionalProperties: false,
  properties: {
    locale: { enum: [...LOCALES] },
    categories: {
      type: 'object',
      minProperties: 2,
      propertyNames: { pattern: '^[a-z][a-z0-9-]*$' },
      additionalProperties: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    },
    keywords: {
      type: 'object',
      propertyNames: { pattern: '^[a-z][a-z0-9-]*$' },
      additionalProperties: { type: 'array', items: { type: 'string', minLength: 1 } },
    },
  },
};
const CORPUS = configSchema<Corpus>('motivation-corpus', CORPUS_SCHEMA);

export function readCorpusSource(locale: Locale): string {
  return readFileSync(corpusPath(locale), 'utf8');
}

export function parseCorpus(source: string, file: string): Corpus {
  return parseValidatedYaml(source, file, CORPUS, CorpusError);
}

/** Fingerprint of what the model was trained from: both corpora and the feature version. */
export function corpusHash(sources: Record<Locale, string>, featuresVersion: string = FEATURES_VERSION): string {
  const hash = createHash('sha256').update(featuresVersion);
  for (const locale of LOCALES) hash.update(`\0${locale}\0`).update(sources[locale]);
  return hash.digest('hex');
}

/** Stemmed content words (negated ones marked) plus adjacent pairs, so "pas de projet" differs from "projet". */
export function features(text: string, locale: Locale, foldNumbers = false): string[] {
  return withPairs(featureStems(text, locale, foldNumbers));
}

/**
 * Words the motivation model keeps although they are stop words elsewhere: French "plus" says "more" ("plus de ventes",
 * "plus de clients": growth), "no longer" ("ne marche plus": a problem) or "more expensive" ("plus cher"); without it
 * "plus de ventes" was just "ventes" and the keyword "plus de clients" shrank to "client".
 */
const MOTIVATION_KEPT_WORDS: Record<Locale, ReadonlySet<string>> = { fr: new Set(['plus']), en: new Set() };

/**
 * Negation-aware stems; with `foldNumbers` (motivation) every number is one word: "de 20 à 50 salariés" reads like "de 3
 * à 8 commerciaux", and MOTIVATION_KEPT_WORDS are kept.
 */
function featureStems(text: string, locale: Locale, foldNumbers: boolean): string[] {
  const spoken = foldNumbers && locale === 'fr' ? expandSpokenJe(text) : text;
  const stems = negationAwareStems(spoken, locale, foldNumbers ? MOTIVATION_KEPT_WORDS[locale] : undefined);
  return foldNumbers ? stems.map((s) => s.replace(/^(!?)\d+(?:[.,]\d+)?$/, '$1#')) : stems;
}

/** Whether a model file was trained with numbers folded (motivation) or kept (timeline's vague model). */
const foldsNumbers = (model: MotivationModelFile): boolean => model.featuresVersion === MOTIVATION_FEATURES_VERSION;

function withPairs(words: readonly string[]): string[] {
  return [...words, ...words.slice(1).map((w, i) => `${words[i]}_${w}`)];
}

/** natural calls `stemmer.tokenizeAndStem`; ours produces the features above. */
function featureStemmer(locale: Locale, foldNumbers: boolean): Stemmer {
  return { ...PorterStemmer, tokenizeAndStem: (text: string) => features(text, locale, foldNumbers) };
}

export function trainClassifier(examples: { text: string; label: string }[], locale: Locale, algorithm: Algorithm, foldNumbers = false): NaturalClassifier {
  const stemmer = featureStemmer(locale, foldNumbers);
  const classifier = algorithm === 'bayes' ? new BayesClassifier(stemmer) : new LogisticRegressionClassifier(stemmer);
  for (const { text, label } of examples) classifier.addDocument(text, label);
  classifier.train();
  return classifier;
}

export function corpusExamples(corpus: Corpus): { text: string; label: string }[] {
  return Object.entries(corpus.categories).flatMap(([label, texts]) => texts.map((text) => ({ text, label })));
}

export interface MotivationModelFile {
  version: 1;
  algorithm: Algorithm;
  corpusHash: string;
  featuresVersion: string;
  categories: string[];
  /** Only what classification needs: the vocabulary and the trained weights (no training docs). */
  locales: Record<Locale, { features: Record<string, number>; classifier: unknown; keywords: Record<string, string[]> }>;
  /** Measured at training time, for the record (k-fold cross-validation on the corpora). */
  evaluation?: Record<string, unknown>;
}

export function serializeClassifier(classifier: NaturalClassifier, keywords: Record<string, string[]> = {}): MotivationModelFile['locales'][Locale] {
  // Logistic regression keeps its dense training matrix in `examples`: not needed to classify.
  const { examples: _examples, ...weights } = JSON.parse(JSON.stringify(classifier.classifier)) as Record<string, unknown>;
  return { features: classifier.features, classifier: weights, keywords };
}

/**
 * Share of the final score given to keyword cues (the rest is the classifier's). A keyword
 * usually decides, but a classifier that is very sure of another category can still win.
 */
export const KEYWORD_WEIGHT = 0.5;

export interface Classification {
  label: string;
  /** Share of the probability mass, 0..1. */
  confidence: number;
}

export type LocaleClassifier = (text: string) => Classification[];

/**
 * Categories whose keyword phrases (stemmed) occur in the answer's stems; a negated word matches only a negated cue. A cue
 * said inside a longer cue of another category does not count, as in the phrase tables: "fees tripled" is cost, not the
 * growth of "triple"; "double bookings" is a problem, not "double".
 */
function keywordMatcher(keywords: Record<string, string[]>, locale: Locale, foldNumbers: boolean): (answer: string[]) => Set<string> {
  const phrases = Object.entries(keywords)
    .flatMap(([label, texts]) => texts.map((t) => ({ label, stems: featureStems(t, locale, foldNumbers) })))
    .filter((p) => p.stems.length > 0);
  return (answer) => {
    const found = phrases.flatMap((p) => occurrences(answer, p.stems).map((start) => ({ label: p.label, start, end: start + p.stems.length })));
    const inside = (m: (typeof found)[number]) =>
      found.some((n) => n.label !== m.label && n.start <= m.start && m.end <= n.end && n.end - n.start > m.end - m.start);
    return new Set(found.filter((m) => !inside(m)).map((m) => m.label));
  };
}

function occurrences(haystack: readonly string[], needle: readonly string[]): number[] {
  const starts: number[] = [];
  for (let from = 0; from <= haystack.length - needle.length; from++) {
    const at = indexOfSequence(haystack.slice(from), needle);
    if (at < 0) break;
    starts.push(from + at);
    from += at;
  }
  return starts;
}

/**
 * A word the model does not know, one typing error away from one word of the keyword cues (two for long words, as in the
 * phrase tables: `typos.ts`), is read as that word: "remplacment", "dévelloper", "migartion".
 */
function typoFixer(saved: MotivationModelFile['locales'][Locale], locale: Locale): (text: string) => string {
  const known = new Set(Object.keys(saved.features).filter((f) => !f.includes('_')).map((f) => f.replace(/^!/, '')));
  const vocabulary = Object.values(saved.keywords ?? {}).flatMap((texts) => texts.flatMap((t) => words(t)));
  const corrector = new TypoCorrector(vocabulary, (word) => known.has(stem(word, locale)) || isStopWord(word, locale));
  return (text) => foldText(text).replace(/\p{L}+/gu, (word) => corrector.correct(word) ?? word);
}

/** Restore one locale's classifier from the model file into a function returning sorted classifications. */
export function restoreClassifier(model: MotivationModelFile, locale: Locale): LocaleClassifier {
  const saved = model.locales[locale];
  const raw = { classifier: saved.classifier, features: saved.features, docs: [], lastAdded: 0 };
  const foldNumbers = foldsNumbers(model);
  const stemmer = featureStemmer(locale, foldNumbers);
  const classifier: NaturalClassifier =
    model.algorithm === 'bayes' ? BayesClassifier.restore(raw, stemmer) : LogisticRegressionClassifier.restore(raw, stemmer);
  const keywordHits = keywordMatcher(saved.keywords ?? {}, locale, foldNumbers);
  const typos = typoFixer(saved, locale);
  const score = scorer(classifier, saved.features, model.algorithm);
  return (text) => {
    const answer = featureStems(foldNumbers ? idioms(typos(text), locale) : text, locale, foldNumbers);
    const hits = foldNumbers ? textCues(text, locale, keywordHits(answer)) : keywordHits(answer);
    if (answer.length === 0 && hits.size === 0) return [];
    const known = withPairs(answer).filter((f) => Object.hasOwn(saved.features, f));
    // Not one word the classifier has seen: its answer would be the category priors, not a reading.
    if (hits.size === 0 && known.length === 0) return [];
    const scores = score(known);
    const total = scores.reduce((sum, s) => sum + s.value, 0);
    if (!(total > 0) && hits.size === 0) return [];
    const classifierWeight = hits.size === 0 ? 1 : 1 - KEYWORD_WEIGHT;
    return scores
      .map((s) => ({
        label: s.label,
        confidence: (total > 0 ? (classifierWeight * s.value) / total : 0) + (hits.has(s.label) ? KEYWORD_WEIGHT / hits.size : 0),
      }))
      .sort((a, b) => b.confidence - a.confidence);
  };
}

type Scores = { label: string; value: number }[];
interface SparseBayes { getClassifications(observation: Record<number, number>): Scores }

/**
 * natural's BayesClassifier turns every answer into a dense 0/1 vector over the whole vocabulary
 * (thousands of features); its underlying apparatus classifier also takes the indices of the
 * features present, with the same result, at a fraction of the cost. Indices follow the
 * vocabulary's key order, as natural's own vectors do.
 */
function scorer(classifier: NaturalClassifier, vocabulary: Record<string, number>, algorithm: Algorithm): (known: string[]) => Scores {
  if (algorithm !== 'bayes') return (known) => classifier.getClassifications(known);
  const index = new Map(Object.keys(vocabulary).map((feature, i) => [feature, i]));
  const bayes = classifier.classifier as unknown as SparseBayes;
  return (known) => bayes.getClassifications({ ...[...new Set(known.map((f) => index.get(f) as number))] });
}
