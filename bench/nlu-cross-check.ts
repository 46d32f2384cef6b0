/**
 * The cross-check (bot/nlu/phrases/cross-check.ts) measured on writers it never saw: for each evaluation set in turn, a
 * model trained on every other set's answers we may tune on reads that set's hold-out half, beside the table alone. The
 * shipped model is trained on every set's tune half, so the hold-out tables of `npm run bench:nlu` see writers it has met;
 * this is the number to expect from a new writer. Part of `npm run bench:nlu`.
 */
import { LOCALES, type Locale } from '../core/lead/model.js';
import { answersModel, CROSS_CHECKED_SLOTS, loadCrossCheckModel, useCrossCheckModel, type CrossCheckedSlot } from '../bot/nlu/phrases/cross-check.js';
import { extract } from '../bot/nlu/registry.js';
import { countOutcomes, outcomeOf, type EvalCase, type OutcomeCounts } from '../test/nlu/eval-sets.js';
import { answerExamples, heldOutCases, setsWith } from '../test/nlu/answers-corpus.js';

export interface CrossCheckReport {
  slot: CrossCheckedSlot;
  locale: Locale;
  tableAlone: OutcomeCounts;
  crossChecked: OutcomeCounts;
}

const outcomes = (slot: string, cases: EvalCase[]) =>
  cases.map((c) => outcomeOf(slot, c.expected, extract(slot, c.text, { locale: c.locale, now: c.now })));

export function crossCheckReports(): CrossCheckReport[] {
  const reports: CrossCheckReport[] = [];
  for (const slot of CROSS_CHECKED_SLOTS) {
    const alone = { fr: [] as ReturnType<typeof outcomes>, en: [] as ReturnType<typeof outcomes> };
    const checked = { fr: [] as ReturnType<typeof outcomes>, en: [] as ReturnType<typeof outcomes> };
    for (const set of setsWith(slot)) {
      const cases = heldOutCases(slot, [set]);
      useCrossCheckModel(slot, null);
      for (const locale of LOCALES) alone[locale].push(...outcomes(slot, cases.filter((c) => c.locale === locale)));
      useCrossCheckModel(slot, answersModel(Object.fromEntries(LOCALES.map((l) => [l, answerExamples(slot, l, set)]))));
      for (const locale of LOCALES) checked[locale].push(...outcomes(slot, cases.filter((c) => c.locale === locale)));
    }
    loadCrossCheckModel(slot);
    for (const locale of LOCALES) reports.push({ slot, locale, tableAlone: countOutcomes(alone[locale]), crossChecked: countOutcomes(checked[locale]) });
  }
  return reports;
}

export function crossCheckMarkdown(reports: CrossCheckReport[], pct: (share: number) => string): string {
  const cell = (c: OutcomeCounts) => `${pct(c.right / c.total)} / ${pct(c.wrong / c.total)} / ${pct(c.asked / c.total)}`;
  return [
    '',
    '## Cross-check, on writers it never saw',
    '',
    'Every hold-out half, each read by a cross-check model trained without any answer of its set (`bench/nlu-cross-check.ts`),',
    'beside the phrase table alone. Right / confidently wrong / asked.',
    '',
    '| slot | lang | answers | table alone | table + cross-check |',
    '|---|---|---|---|---|',
    ...reports.map((r) => `| ${r.slot} | ${r.locale} | ${r.tableAlone.total} | ${cell(r.tableAlone)} | ${cell(r.crossChecked)} |`),
    '',
  ].join('\n');
}
