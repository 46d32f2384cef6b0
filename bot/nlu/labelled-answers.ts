/**
 * Labelled answers written by people who never saw our rules (data/nlu/<slot>.answers.<locale>.yaml): every answer of the
 * evaluation sets we may tune on, written there by `npx tsx test/nlu/answers-corpus.ts`, never a hold-out answer. The
 * role, sector and project cross-check classifiers (phrases/cross-check.ts) are trained on them, and so is the motivation
 * classifier, beside its own corpus.
 */
import { readFileSync } from 'node:fs';
import type { Locale } from '../../core/lead/model.js';
import { LOCALES } from '../../core/lead/model.js';
import { fromRoot } from '../../core/paths.js';
import { corpusExamples, parseCorpus } from './qualification/motivation-model.js';

export const LABELLED_SLOTS = ['role', 'sector', 'project', 'motivation'] as const;
export type LabelledSlot = (typeof LABELLED_SLOTS)[number];

/** The class of an answer where nothing fits and the bot must ask (the sets' `"?"`; the motivation corpora's refusals). */
export const NO_ANSWER = 'no-answer';

export type Example = { text: string; label: string };

export const answersCorpusPath = (slot: LabelledSlot, locale: Locale): string => fromRoot('data', 'nlu', `${slot}.answers.${locale}.yaml`);

export function readAnswersCorpusSources(slot: LabelledSlot): Record<Locale, string> {
  return Object.fromEntries(LOCALES.map((l) => [l, readFileSync(answersCorpusPath(slot, l), 'utf8')])) as Record<Locale, string>;
}

export function answersCorpusExamples(slot: LabelledSlot, locale: Locale, source = readAnswersCorpusSources(slot)[locale]): Example[] {
  return corpusExamples(parseCorpus(source, answersCorpusPath(slot, locale)));
}
