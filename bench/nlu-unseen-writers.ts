/**
 * What the trained readers add on writers they never saw. For each evaluation set in turn, models trained without any of
 * that set's answers read its hold-out half: the role, sector and project cross-check (bot/nlu/phrases/cross-check.ts)
 * beside the phrase table alone, and the motivation classifier trained on its corpus and the labelled answers beside its
 * corpus alone. The shipped models are trained on every set's tune half, so the hold-out tables of `npm run bench:nlu`
 * see writers they have met; these are the numbers to expect from a new writer. Part of `npm run bench:nlu`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LOCALES, type Locale } from '../core/lead/model.js';
import { answersModel, CROSS_CHECKED_SLOTS, loadCrossCheckModel, useCrossCheckModel } from '../bot/nlu/phrases/cross-check.js';
import { loadMotivationModel } from '../bot/nlu/qualification/motivation.js';
import { corpusExamples, corpusPath, parseCorpus, readCorpusSource, type Corpus } from '../bot/nlu/qualification/motivation-model.js';
import { motivationModel } from '../bot/nlu/qualification/motivation-training.js';
import type { LabelledSlot } from '../bot/nlu/labelled-answers.js';
import { extract } from '../bot/nlu/registry.js';
import { countOutcomes, outcomeOf, type EvalCase, type Outcome, type OutcomeCounts } from '../test/nlu/eval-sets.js';
import { answerExamples, heldOutCases, setsWith } from '../test/nlu/answers-corpus.js';

export interface UnseenWritersReport {
  slot: LabelledSlot;
  locale: Locale;
  /** The phrase table alone (motivation: the classifier trained on its corpus alone). */
  without: OutcomeCounts;
  /** With the answers of every other set: cross-checked, or (motivation) trained on them too. */
  with: OutcomeCounts;
}

type ByLocale = Record<Locale, Outcome[]>;
const byLocale = (): ByLocale => ({ fr: [], en: [] });

function read(slot: string, cases: EvalCase[], into: ByLocale): void {
  for (const c of cases) into[c.locale].push(outcomeOf(slot, c.expected, extract(slot, c.text, { locale: c.locale, now: c.now })));
}

function reports(slot: LabelledSlot, without: ByLocale, withAnswers: ByLocale): UnseenWritersReport[] {
  return LOCALES.map((locale) => ({ slot, locale, without: countOutcomes(without[locale]), with: countOutcomes(withAnswers[locale]) }));
}

function crossCheckReports(slot: (typeof CROSS_CHECKED_SLOTS)[number]): UnseenWritersReport[] {
  const alone = byLocale();
  const checked = byLocale();
  for (const set of setsWith(slot)) {
    const cases = heldOutCases(slot, [set]);
    useCrossCheckModel(slot, null);
    read(slot, cases, alone);
    useCrossCheckModel(slot, answersModel(Object.fromEntries(LOCALES.map((l) => [l, answerExamples(slot, l, set)]))));
    read(slot, cases, checked);
  }
  loadCrossCheckModel(slot);
  return reports(slot, alone, checked);
}

function motivationReports(): UnseenWritersReport[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'leadq-motivation-'));
  const file = path.join(dir, 'model.json');
  const use = (examples: (l: Locale) => { text: string; label: string }[]) => {
    writeFileSync(file, JSON.stringify(motivationModel(Object.fromEntries(LOCALES.map((l) => [l, examples(l)])), corpora)));
    loadMotivationModel(file);
  };
  const corpora = Object.fromEntries(LOCALES.map((l) => [l, parseCorpus(readCorpusSource(l), corpusPath(l))])) as Record<Locale, Corpus>;
  const alone = byLocale();
  const trained = byLocale();
  try {
    use((l) => corpusExamples(corpora[l]));
    for (const set of setsWith('motivation')) read('motivation', heldOutCases('motivation', [set]), alone);
    for (const set of setsWith('motivation')) {
      use((l) => [...corpusExamples(corpora[l]), ...answerExamples('motivation', l, set)]);
      read('motivation', heldOutCases('motivation', [set]), trained);
    }
  } finally {
    loadMotivationModel();
    rmSync(dir, { recursive: true, force: true });
  }
  return reports('motivation', alone, trained);
}

export function unseenWritersReports(): UnseenWritersReport[] {
  return [...CROSS_CHECKED_SLOTS.flatMap(crossCheckReports), ...motivationReports()];
}

export function unseenWritersMarkdown(reports: UnseenWritersReport[], pct: (share: number) => string): string {
  const cell = (c: OutcomeCounts) => `${pct(c.right / c.total)} / ${pct(c.wrong / c.total)} / ${pct(c.asked / c.total)}`;
  return [
    '',
    '## On writers the trained readers never saw',
    '',
    'Every hold-out half, each read by models trained without any answer of its set (`bench/nlu-unseen-writers.ts`). Role,',
    'sector, project: the phrase table alone, then cross-checked. Motivation: the classifier trained on its corpus alone,',
    'then on its corpus and the other sets\' answers. Right / confidently wrong / asked.',
    '',
    '| slot | lang | answers | without the answers | with them |',
    '|---|---|---|---|---|',
    ...reports.map((r) => `| ${r.slot} | ${r.locale} | ${r.without.total} | ${cell(r.without)} | ${cell(r.with)} |`),
    '',
  ].join('\n');
}
