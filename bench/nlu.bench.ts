/**
 * `npm run bench:nlu`: accuracy and speed of every slot extractor with an eval set (test/nlu/eval/*.jsonl),
 * beside baselines — Recognizers-Text alone (and chrono-node alone for timeline) scored on the same sets, so the
 * table shows what the rules add. Writes bench/results/nlu.json and nlu.md.
 * Timing: every answer of a set is extracted WARMUP_ROUNDS times first, then timed one call at a time, wall clock and
 * process CPU; every slot is timed before any accuracy or baseline run, whose garbage (Recognizers-Text builds large
 * regular expressions) otherwise made the next slots' timed calls pay for major garbage collections (p99 15–31 ms).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Recognizers from '@microsoft/recognizers-text-suite';
import * as chrono from 'chrono-node';
import type { Locale } from '../core/lead/model.js';
import * as qualification from '../bot/nlu/qualification/index.js';
import { extract, isKnownSlot } from '../bot/nlu/registry.js';
import { monthsBetween } from '../bot/nlu/timeline/calendar.js';
import { bucketFor } from '../bot/nlu/timeline/timeline.js';
import type { ExtractResult } from '../core/slots/extractor.js';
import {
  accuracyOf, countOutcomes, EVAL_SETS, isCorrect, isWellFormed, loadCases, outcomeOf, slotsOf, type Accuracy, type EvalCase, type EvalSetName,
  type OutcomeCounts, type Part,
} from '../test/nlu/eval-sets.js';
import { unseenWritersMarkdown, unseenWritersReports } from './nlu-unseen-writers.js';

const WARMUP_ROUNDS = 5;
const TIMED_ROUNDS = 20;
const TARGETS: Record<string, number> = { timeline: 0.95, budget: 0.95, motivation: 0.9, email: 1, phone: 1 };
/** Issue 14's targets on held-out answers: right (confident and correct) at least, confidently wrong at most. */
const OUTCOME_TARGETS: Record<string, { right: number; wrong: number }> = {
  role: { right: 0.95, wrong: 0.02 }, sector: { right: 0.95, wrong: 0.02 }, project: { right: 0.95, wrong: 0.02 },
  motivation: { right: 0.93, wrong: 0.02 }, timeline: { right: 0.97, wrong: 0.02 }, budget: { right: 0.97, wrong: 0.02 },
};
const SPEED_TARGET_MS = { median: 1, p99: 5 };
/** Held-out accuracy of part A's slots the first time the held-out lines were looked at (commit 91745c7), before fixes. */
const FIRST_LOOK_HELD_OUT: Record<string, string> = {
  email: '77/77', phone: '71/75', name: '70/78', company: '70/75', timeline: '103/104', budget: '78/80',
};
/**
 * Blind sets (test/nlu/eval-blind), scored with the rules as they were when the sets were committed (commit 15f677c,
 * before anyone tuned on them): what the rules did on answers written by someone else.
 */
const BLIND_BEFORE: Record<string, { tune: string; holdout: string }> = {
  timeline: { tune: '72/78', holdout: '66/77' }, budget: { tune: '60/62', holdout: '62/64' }, email: { tune: '60/61', holdout: '61/62' },
  phone: { tune: '57/61', holdout: '59/61' }, name: { tune: '57/61', holdout: '53/61' }, company: { tune: '55/61', holdout: '54/61' },
};
const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

interface SlotReport {
  slot: string;
  cases: number;
  accuracy: Accuracy;
  byLocale: Record<string, Accuracy>;
  dev: Accuracy;
  heldOut: Accuracy;
  /** Lines holding a real address/number (email, phone): where the 100 % target applies. */
  wellFormed: Accuracy;
  target?: number;
  meetsTarget?: boolean;
  baselines: Record<string, Accuracy & { medianMs: number }>;
  medianMs: number;
  p99Ms: number;
  /** p99 of the process CPU time per call: far below p99Ms, the slow calls waited for a CPU (a busy machine), not for us. */
  p99CpuMs: number;
}

export default async function nluBench(): Promise<object> {
  const modelLoadMs = loadModelIfExposed();
  const slots = slotsOf('eval').filter(isKnownSlot);
  const loadBefore = os.loadavg()[0]!;
  const timings = new Map(slots.map((slot) => [slot, timeExtractions(slot, loadCases('eval', slot))]));
  const load = { before: round(loadBefore), after: round(os.loadavg()[0]!), cpus: os.cpus().length };
  const reports = slots.map((slot) => benchSlot(slot, loadCases('eval', slot), timings.get(slot)!));
  const blind = slotsOf('blind').filter(isKnownSlot).map((slot) => blindReport(slot));
  const outcomes = outcomeReports();
  const thresholds = Object.keys(OUTCOME_TARGETS).map(crossValidateThreshold);
  const unseenWriters = unseenWritersReports();
  const summary = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    motivationModelLoadMs: modelLoadMs,
    speedTargetMs: SPEED_TARGET_MS,
    loadAverageWhileTimed: load,
    firstLookHeldOut: FIRST_LOOK_HELD_OUT,
    slots: reports,
    blind,
    outcomes,
    thresholds,
    unseenWriters,
    skippedEvalSets: slotsOf('eval').filter((s) => !isKnownSlot(s)),
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'nlu.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(path.join(resultsDir, 'nlu.md'), markdown(reports, modelLoadMs, load) + blindMarkdown(blind) + outcomesMarkdown(outcomes) + thresholdsMarkdown(thresholds)
    + unseenWritersMarkdown(unseenWriters, pct));
  return {
    slots: Object.fromEntries(reports.map((r) => [r.slot, {
      accuracy: pct(r.accuracy.accuracy), heldOut: pct(r.heldOut.accuracy), wellFormed: pct(r.wellFormed.accuracy), medianMs: r.medianMs, p99Ms: r.p99Ms,
      baselines: Object.fromEntries(Object.entries(r.baselines).map(([k, v]) => [k, pct(v.accuracy)])),
    }])),
    blind: Object.fromEntries(blind.map((b) => [b.slot, { tune: pct(b.tune.accuracy), holdout: pct(b.holdout.accuracy) }])),
    worstMedianMs: Math.max(...reports.map((r) => r.medianMs)),
    worstP99Ms: Math.max(...reports.map((r) => r.p99Ms)),
    motivationModelLoadMs: modelLoadMs,
  };
}

function benchSlot(slot: string, cases: EvalCase[], { wall: timings, cpu }: Timings): SlotReport {
  const outcomes = cases.map((c) => isCorrect(slot, c.expected, extract(slot, c.text, { locale: c.locale, now: c.now })));
  const pick = (keep: (c: EvalCase) => boolean) => accuracyOf(outcomes.filter((_, i) => keep(cases[i]!)));
  const locales = [...new Set(cases.map((c) => c.locale))].sort();
  const target = TARGETS[slot];
  const accuracy = accuracyOf(outcomes);
  const wellFormed = pick((c) => isWellFormed(slot, c.expected));
  return {
    slot,
    cases: cases.length,
    accuracy,
    byLocale: Object.fromEntries(locales.map((l) => [l, pick((c) => c.locale === l)])),
    dev: pick((c) => !c.heldOut),
    heldOut: pick((c) => c.heldOut),
    wellFormed,
    target,
    meetsTarget: target === undefined ? undefined : wellFormed.accuracy >= target,
    baselines: Object.fromEntries((BASELINES[slot] ?? []).map(({ name, run }) => [name, runBaseline(slot, cases, run)])),
    medianMs: round(percentile(timings, 0.5)),
    p99Ms: round(percentile(timings, 0.99)),
    p99CpuMs: round(percentile(cpu, 0.99)),
  };
}

interface BlindReport {
  slot: string;
  tune: Accuracy;
  holdout: Accuracy;
  before: { tune: string; holdout: string } | undefined;
}

function blindReport(slot: string): BlindReport {
  const score = (cases: EvalCase[]) => accuracyOf(cases.map((c) => isCorrect(slot, c.expected, extract(slot, c.text, { locale: c.locale, now: c.now }))));
  return { slot, tune: score(loadCases('blind', slot, 'tune')), holdout: score(loadCases('blind', slot, 'holdout')), before: BLIND_BEFORE[slot] };
}

function blindMarkdown(blind: BlindReport[]): string {
  const cell = (a: Accuracy) => `${pct(a.accuracy)} (${a.correct}/${a.total})`;
  return [
    '',
    '## Blind sets: blind tune / blind holdout',
    '',
    'Sets in `test/nlu/eval-blind/` were written by a second engineer before reading the rules. Rules were then fixed on',
    'the tune sets only; the hold-out sets were scored once, after the fixes. "before" = the rules at commit 15f677c.',
    '',
    '| slot | blind tune | blind holdout | tune before | holdout before |',
    '|---|---|---|---|---|',
    ...blind.map((b) => `| ${b.slot} | ${cell(b.tune)} | ${cell(b.holdout)} | ${b.before?.tune ?? 'n/a'} | ${b.before?.holdout ?? 'n/a'} |`),
    '',
  ].join('\n');
}

interface OutcomeReport {
  slot: string;
  set: EvalSetName;
  part: Part | 'all';
  locale: Locale;
  counts: OutcomeCounts;
}

/**
 * Right / confidently wrong / asked per slot, set, part and language, on every set: what the bot does with an answer
 * when a value under confidence 0.5 makes it ask (test/nlu/eval-sets.ts, `outcomeOf`).
 */
function outcomeReports(): OutcomeReport[] {
  const reports: OutcomeReport[] = [];
  for (const set of Object.keys(EVAL_SETS) as EvalSetName[]) {
    for (const slot of slotsOf(set).filter(isKnownSlot)) {
      for (const part of set === 'eval' ? [undefined] : (['tune', 'holdout'] as const)) {
        const cases = loadCases(set, slot, part);
        for (const locale of ['fr', 'en'] as const) {
          const mine = cases.filter((c) => c.locale === locale);
          const counts = countOutcomes(mine.map((c) => outcomeOf(slot, c.expected, extract(slot, c.text, { locale: c.locale, now: c.now }))));
          reports.push({ slot, set, part: part ?? 'all', locale, counts });
        }
      }
    }
  }
  return reports;
}

function outcomesMarkdown(reports: OutcomeReport[]): string {
  const share = (n: number, of: number) => `${pct(n / of)} (${n}/${of})`;
  const target = (r: OutcomeReport) => {
    const t = OUTCOME_TARGETS[r.slot];
    if (!t || r.part !== 'holdout') return '';
    const ok = r.counts.right / r.counts.total >= t.right && r.counts.wrong / r.counts.total <= t.wrong;
    return `${ok ? '✓' : '✗'} (≥ ${pct(t.right)} right, ≤ ${pct(t.wrong)} wrong)`;
  };
  return [
    '',
    '## Right / confidently wrong / asked, per slot, set and language',
    '',
    'A value with confidence below 0.5 is "asked" (the bot asks a short choice question instead of using it); where no',
    'value is right (`"?"`, a refusal expected), asking is right. `qualifying` = the blind sets of issue 14',
    '(`test/nlu/eval-blind-qualifying/`), written before the rules were changed; their hold-out half was measured once, at',
    'the end. `blind5` (`test/nlu/eval-blind5/`) was written later by an engineer who never read the rules, while the',
    'rules were being improved on the other sets; rules were then tuned on its tune half only, and its hold-out half measured',
    'once, at the end. `blind6` (`test/nlu/eval-blind6/`, 160 lines per slot) was written by another engineer who never read',
    'the rules, while the rules were being improved on the other sets, and kept from them: both its halves were unseen when',
    'they were first measured; its tune half was then tuned on. `blind7` (`test/nlu/eval-blind7/`, 160 lines per slot) was',
    'written the same way by a third engineer and kept from whoever tuned: measured once before and once after that round',
    'of tuning (role right 87.5 → 88.8 % fr, 90.0 → 93.8 % en, both halves); round 8 then tuned on its tune half only',
    '(and on blind6\'s), its hold-out half measured as aggregates, never read. Targets (issue 14) are checked on hold-out',
    'halves.',
    '',
    '| slot | set | part | lang | right | confidently wrong | asked | target |',
    '|---|---|---|---|---|---|---|---|',
    ...reports.map((r) => `| ${r.slot} | ${r.set} | ${r.part} | ${r.locale} | ${share(r.counts.right, r.counts.total)} | ${share(r.counts.wrong, r.counts.total)} | ${share(r.counts.asked, r.counts.total)} | ${target(r)} |`),
    '',
  ].join('\n');
}

const THRESHOLD_GRID = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7];
const CV_FOLDS = 5;
/** Most confidently wrong readings we accept when choosing where to ask. */
const MAX_WRONG = 0.02;

interface ThresholdReport {
  slot: string;
  cases: number;
  /** Threshold chosen on the other folds, for each fold. */
  chosen: number[];
  /** Right / wrong / asked of the held folds at their chosen threshold. */
  crossValidated: OutcomeCounts;
}

/**
 * Where to ask rather than guess, chosen by k-fold cross-validation on the sets we may tune on (every line of `eval`,
 * the tune halves of the blind sets; never a hold-out half): on k−1 folds, the lowest threshold whose confidently wrong
 * share is at most MAX_WRONG (the most answers used without asking), scored on the held fold.
 */
export function crossValidateThreshold(slot: string): ThresholdReport {
  const cases = (Object.keys(EVAL_SETS) as EvalSetName[]).flatMap((set) =>
    slotsOf(set).includes(slot) ? loadCases(set, slot, set === 'eval' ? undefined : 'tune') : []);
  const readings = cases.map((c) => ({ c, result: extract(slot, c.text, { locale: c.locale, now: c.now }) }));
  const outcomeAt = (r: (typeof readings)[number], t: number) =>
    outcomeOf(slot, r.c.expected, r.result.ok && r.result.confidence < t ? { ok: false, reason: 'asked' } : r.result.ok ? { ...r.result, confidence: 1 } : r.result);
  const chosen: number[] = [];
  const held: ReturnType<typeof outcomeOf>[] = [];
  for (let fold = 0; fold < CV_FOLDS; fold++) {
    const train = readings.filter((_, i) => i % CV_FOLDS !== fold);
    const wrongAt = (t: number) => countOutcomes(train.map((r) => outcomeAt(r, t))).wrong / train.length;
    const t = THRESHOLD_GRID.find((x) => wrongAt(x) <= MAX_WRONG) ?? THRESHOLD_GRID.at(-1)!;
    chosen.push(t);
    held.push(...readings.filter((_, i) => i % CV_FOLDS === fold).map((r) => outcomeAt(r, t)));
  }
  return { slot, cases: cases.length, chosen, crossValidated: countOutcomes(held) };
}

function thresholdsMarkdown(reports: ThresholdReport[]): string {
  const share = (n: number, of: number) => pct(n / of);
  return [
    '',
    '## Where to ask: threshold by cross-validation',
    '',
    `${CV_FOLDS}-fold cross-validation on every line we may tune on (\`eval\`, the blind sets' tune halves): on four folds, the`,
    `lowest confidence threshold (grid ${THRESHOLD_GRID.join(', ')}) with at most ${pct(MAX_WRONG)} confidently wrong; scored on the fifth.`,
    'The scripts ask below 0.5 (`fallback.minConfidence`); a chosen threshold above 0.5 means the extractor is over-confident.',
    '',
    '| slot | lines | threshold per fold | right | confidently wrong | asked |',
    '|---|---|---|---|---|---|',
    ...reports.map((r) => `| ${r.slot} | ${r.cases} | ${r.chosen.join(', ')} | ${share(r.crossValidated.right, r.crossValidated.total)} | ${share(r.crossValidated.wrong, r.crossValidated.total)} | ${share(r.crossValidated.asked, r.crossValidated.total)} |`),
    '',
  ].join('\n');
}

interface Timings {
  wall: number[];
  cpu: number[];
}

function timeExtractions(slot: string, cases: EvalCase[]): Timings {
  for (let round = 0; round < WARMUP_ROUNDS; round++) {
    for (const c of cases) extract(slot, c.text, { locale: c.locale, now: c.now });
  }
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < TIMED_ROUNDS; round++) {
    for (const c of cases) {
      const cpuStart = process.cpuUsage();
      const start = process.hrtime.bigint();
      extract(slot, c.text, { locale: c.locale, now: c.now });
      wall.push(Number(process.hrtime.bigint() - start) / 1e6);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1e3);
    }
  }
  return { wall, cpu };
}

function runBaseline(slot: string, cases: EvalCase[], run: Baseline): Accuracy & { medianMs: number } {
  const timings: number[] = [];
  const outcomes = cases.map((c) => {
    const start = process.hrtime.bigint();
    const result = run(c.text, c.locale, c.now);
    timings.push(Number(process.hrtime.bigint() - start) / 1e6);
    return slot === 'phone' ? phoneBaselineMatches(c.expected, result) : isCorrect(slot, c.expected, result);
  });
  return { ...accuracyOf(outcomes), medianMs: round(percentile(timings, 0.5)) };
}

/** Part B may expose an eager loader for the motivation model; report how long it takes when it does. */
function loadModelIfExposed(): number | null {
  const loader = (qualification as Record<string, unknown>).loadMotivationModel;
  if (typeof loader !== 'function') return null;
  const start = process.hrtime.bigint();
  const reported = (loader as () => unknown)();
  const measured = Number(process.hrtime.bigint() - start) / 1e6;
  return round(typeof reported === 'number' ? reported : measured);
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

function markdown(reports: SlotReport[], modelLoadMs: number | null, load: { before: number; after: number; cpus: number }): string {
  const baselineNames = ['recognizers', 'chrono'];
  const lines = [
    '# NLU benchmark',
    '',
    `Generated by \`npm run bench:nlu\` (${new Date().toISOString().slice(0, 10)}, Node ${process.version}). Eval sets: \`test/nlu/eval/*.jsonl\`;`,
    'held-out = odd lines (part A tuned its rules on even lines only, see the note below); well-formed = email/phone lines holding an address/number (targets apply there; other slots: all lines).',
    'Baselines: Recognizers-Text alone, chrono-node alone (n/a: no baseline for the slot).',
    `Speed targets: median ≤ ${SPEED_TARGET_MS.median} ms, p99 ≤ ${SPEED_TARGET_MS.p99} ms per extraction after warm-up (wall clock). Every slot is timed before`,
    `any accuracy or baseline run; load average while timing ${load.before} → ${load.after} on ${load.cpus} CPUs. "p99 CPU ms": the process's CPU time per call —`,
    'where it is far below p99 ms, the slowest calls were waiting for a CPU held by other work on the machine.',
    '',
    '| slot | cases | accuracy | fr | en | dev | held-out | well-formed | target | Recognizers | chrono | median ms | p99 ms | p99 CPU ms |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...reports.map((r) => [
      r.slot, r.cases, pct(r.accuracy.accuracy), r.byLocale.fr ? pct(r.byLocale.fr.accuracy) : 'n/a',
      r.byLocale.en ? pct(r.byLocale.en.accuracy) : 'n/a', pct(r.dev.accuracy), pct(r.heldOut.accuracy), pct(r.wellFormed.accuracy),
      r.target === undefined ? '—' : `${pct(r.target)} ${r.meetsTarget ? '✓' : '✗'}`,
      ...baselineNames.map((b) => (r.baselines[b] ? `${pct(r.baselines[b].accuracy)} (${r.baselines[b].medianMs} ms)` : 'n/a')),
      r.medianMs, r.p99Ms, r.p99CpuMs,
    ].join(' | ')).map((row) => `| ${row} |`),
    '',
    `Motivation model load: ${modelLoadMs === null ? 'n/a (no loader exposed)' : `${modelLoadMs} ms`}.`,
    '',
    'Honesty note: the held-out lines of email/phone/name/company/timeline/budget were inspected once and the generic bugs',
    `they revealed were fixed, so the held-out column above is optimistic for those slots. Held-out at first look: ${Object.entries(FIRST_LOOK_HELD_OUT).map(([s, v]) => `${s} ${v}`).join(', ')}.`,
    '',
  ];
  return lines.join('\n');
}

// ---- Baselines ----

type Baseline = (text: string, locale: Locale, now: Date) => ExtractResult<unknown>;

const culture = (locale: Locale): string => (locale === 'fr' ? Recognizers.Culture.French : Recognizers.Culture.English);
const none: ExtractResult<unknown> = { ok: false, reason: 'not_found' };

interface Resolution {
  values?: { type?: string; value?: string; start?: string; end?: string }[];
  value?: string;
  unit?: string;
  isoCurrency?: string;
}

/** DateTime V2 → a bucket: first resolved value in the future (a date, the middle of a range, or a duration). */
const recognizersTimeline: Baseline = (text, locale, now) => {
  const results = Recognizers.recognizeDateTime(text, culture(locale), undefined, now);
  for (const result of results) {
    for (const v of (result.resolution as Resolution | undefined)?.values ?? []) {
      const months = monthsOf(v, now);
      if (months !== undefined && months >= -0.5) return { ok: true, value: { bucket: bucketFor(Math.max(0, months)) }, confidence: 1 };
    }
  }
  return { ok: true, value: { bucket: 'unknown' }, confidence: 0 };
};

function monthsOf(v: { type?: string; value?: string; start?: string; end?: string }, now: Date): number | undefined {
  if (v.type === 'duration' && v.value) return Number(v.value) / 86_400 / 30.4375;
  const start = v.start ? Date.parse(v.start) : undefined;
  const end = v.end ? Date.parse(v.end) : undefined;
  if (start !== undefined && end !== undefined && !Number.isNaN(start) && !Number.isNaN(end)) {
    return monthsBetween(now, new Date((start + end) / 2));
  }
  const at = v.value ? Date.parse(v.value) : Number.NaN;
  return Number.isNaN(at) ? undefined : monthsBetween(now, new Date(at));
}

/** chrono-node alone: the first date it finds (middle of a range), else unknown. */
const chronoTimeline: Baseline = (text, locale, now) => {
  const [result] = (locale === 'fr' ? chrono.fr : chrono.en).parse(text, now, { forwardDate: true });
  if (!result) return { ok: true, value: { bucket: 'unknown' }, confidence: 0 };
  const start = result.start.date().getTime();
  const end = result.end?.date().getTime() ?? start;
  return { ok: true, value: { bucket: bucketFor(Math.max(0, monthsBetween(now, new Date((start + end) / 2)))) }, confidence: 1 };
};

const CURRENCY_UNITS: Record<string, string> = {
  Euro: 'EUR', Dollar: 'USD', 'United States dollar': 'USD', 'British pound': 'GBP', Pound: 'GBP', 'Pound sterling': 'GBP',
  'Swiss franc': 'CHF', 'Canadian dollar': 'CAD', 'Australian dollar': 'AUD',
};

/** Currency recogniser: first amount with a currency; no range, no default currency. */
const recognizersBudget: Baseline = (text, locale) => {
  const [first] = Recognizers.recognizeCurrency(text, culture(locale));
  const resolution = first?.resolution as Resolution | undefined;
  if (!resolution?.value) return none;
  const currency = resolution.isoCurrency ?? CURRENCY_UNITS[resolution.unit ?? ''] ?? resolution.unit ?? '';
  return { ok: true, value: { amount: Number(resolution.value), currency }, confidence: 1 };
};

const recognizersEmail: Baseline = (text, locale) => {
  const [first] = Recognizers.recognizeEmail(text, culture(locale));
  const address = (first?.resolution as Resolution | undefined)?.value;
  return address ? { ok: true, value: { address: address.toLowerCase() }, confidence: 1 } : none;
};

/**
 * Phone recogniser: it finds the digits but does not convert to E.164, so the value is the digits it found;
 * the bench counts it right when they are the expected number's national digits (see phoneBaselineMatches).
 */
const recognizersPhone: Baseline = (text, locale) => {
  const [first] = Recognizers.recognizePhoneNumber(text, culture(locale));
  const value = (first?.resolution as Resolution | undefined)?.value;
  return value ? { ok: true, value: value.replace(/\D/g, ''), confidence: 1 } : none;
};

function phoneBaselineMatches(expected: unknown, result: ExtractResult<unknown>): boolean {
  if (typeof expected !== 'string' || !expected.startsWith('+')) return !result.ok;
  if (!result.ok) return false;
  const digits = String(result.value).replace(/^0+/, '');
  return digits.length >= 8 && expected.replace(/\D/g, '').endsWith(digits);
}

const BASELINES: Record<string, { name: string; run: Baseline }[]> = {
  timeline: [{ name: 'recognizers', run: recognizersTimeline }, { name: 'chrono', run: chronoTimeline }],
  budget: [{ name: 'recognizers', run: recognizersBudget }],
  email: [{ name: 'recognizers', run: recognizersEmail }],
  phone: [{ name: 'recognizers', run: recognizersPhone }],
};
