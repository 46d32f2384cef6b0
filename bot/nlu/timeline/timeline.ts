/**
 * `timeline` → `{ text, horizonMonths, bucket }` (type Timeline): when the project starts, relative to `ctx.now`.
 *
 * How a phrase becomes a horizon (months from now):
 * - a delay ("sous 90 jours", "dans 2 semaines", "3 à 6 mois" → middle of the range) is the horizon;
 * - a period ("en mars", "au printemps", "Q2 next year", "l'an prochain") counts at its middle (what is left of it
 *   when it has started); "d'ici / avant / by X" at its start, or its end for "la fin de X";
 *   "pas avant / à partir de X" at its start; "après X" at its end;
 * - "cette année" / "this year" means by its end; "sometime this year" / "courant de l'année" the middle of what is left;
 *   a fiscal year ("FY27", "l'exercice") is the calendar year; "semaine 12" / "wk 35" are ISO weeks;
 * - explicit numeric dates ("le 15/03", "2027-03-15") go to chrono-node;
 * - several times in one answer: choice.ts keeps the one that dates the project (past times are context, alone they
 *   mean overdue → 0; a negated time gives way to another, alone it means after it; what follows "mais", "finally",
 *   "we'd like", "so"… wins); fractions ("three and a half months", "un mois et demi") are decimals; any wording of
 *   school starting again is "la rentrée" (September);
 * - vague words: urgent/asap → 0, bientôt/soon → 1.5, "les prochaines semaines" → 0.75, "quelques mois" → 3,
 *   "moyen terme"/"pas urgent" → 9, "long terme" → 18.
 * Buckets: ≤ 1 month `now`, ≤ 3 `1-3m`, ≤ 6 `3-6m`, ≤ 12 `6-12m`, beyond `12m+`. "Simple curiosité", "pas de projet"
 * → `none`; "je ne sais pas", "à définir" → `unknown` (horizonMonths null for both). Wordings no phrase lists
 * ("on a mis une croix dessus", "it's my manager's call") go to a classifier (vague-model.ts) that answers `none` or
 * `unknown` only above the confidence chosen by cross-validation.
 * Before any of this, normalize.ts rewrites shorthand, dropped apostrophes, one-letter typos and number words, and
 * corrections.ts gives a bare corrected or refining figure its unit ("in 6 months, actually make that 3").
 * Anything else: `{ok:false, reason:'not_understood'}` so the dialog can offer the buckets as choices.
 */
// The two locales' modules only: the package index loads all sixteen (about 270 modules, a third of a second at start).
import * as chronoEn from 'chrono-node/en';
import * as chronoFr from 'chrono-node/fr';
import type { Locale, Timeline, TimelineBucket } from '../../../core/lead/model.js';
import { fold, guardedExtractor, hasPhrase, lastCorrectionEnd } from '../text.js';
import { fromNow, midpoint, monthsBetween, type Span } from './calendar.js';
import { chooseReading } from './choice.js';
import { restateCorrectedDelays } from './corrections.js';
import { normalizeTimeline } from './normalize.js';
import { findReadings, type Found, type Reading } from './readings.js';
import { classifyVague } from './vague-model.js';
import { VAGUE_PHRASES } from './vocabulary.js';

/** Words just before a period that say which of its days counts (matched at the end of the preceding text). */
const ARTICLE = String.raw`\s*(?:(?:a|l'|la|le|les|the|en|in)\s*)?$`;
const NOT_BEFORE = new RegExp(String.raw`(?:pas avant|not before|not until|a partir d[eu']?|a compter d[eu']?|starting(?: in| from)?|from|des|au plus tot|at the earliest)` + ARTICLE);
const AFTER = new RegExp(String.raw`(?:apres|after|une fois|following|au-dela d[eu']?|beyond|passe)` + ARTICLE);
const DEADLINE = new RegExp(String.raw`(?:d'ici|d ici|avant|before|by|until|till|jusqu'a|jusqu a|sous|within|au plus tard|at the latest|no later than|pour|for|max|maximum|deadline)` + ARTICLE);
/** Two hedges in one answer: the visitor weighs alternatives rather than naming one. */
const HEDGED_ALTERNATIVES = /\b(?:maybe|perhaps|possibly|peut-etre|peut etre|possiblement)\b.*\b(?:maybe|perhaps|possibly|peut-etre|peut etre|possiblement)\b/;
const NUMERIC_DATE = /\d{1,4}[/.-]\d{1,2}/;
const EPSILON = 0.02;
/** English "may" is the month after a time preposition, before a day or a year, or as the whole answer. */
const MAY_MONTH = /\bmay\b(?=\s+\d|\s*,?\s*20\d\d)|(?<=\b(?:in|by|until|till|before|after|early|mid|late|of|from|since)\s)may\b|^may\b(?=\s*(?:[.!?,]|$|or\b|next\b|this\b|ideally\b|hopefully\b|probably\b|at the latest\b))/g;

export const timelineExtractor = guardedExtractor<Timeline>('timeline', (text, ctx) => {
  const folded = restateCorrectedDelays(normalizeTimeline(fold(text)).replace(MAY_MONTH, 'mai'));
  const horizon = readHorizon(folded, text, ctx.now, ctx.locale);
  if (horizon === undefined) return { ok: false, reason: 'not_understood' };
  if (typeof horizon.value === 'string') {
    return { ok: true, value: { text, horizonMonths: null, bucket: horizon.value }, confidence: horizon.confidence };
  }
  const months = Math.max(0, Math.round(horizon.value * 10) / 10);
  return { ok: true, value: { text, horizonMonths: months, bucket: bucketFor(months) }, confidence: horizon.confidence };
});

export function bucketFor(months: number): TimelineBucket {
  if (months <= 1 + EPSILON) return 'now';
  if (months <= 3 + EPSILON) return '1-3m';
  if (months <= 6 + EPSILON) return '3-6m';
  if (months <= 12 + EPSILON) return '6-12m';
  return '12m+';
}

interface Horizon {
  value: number | 'none' | 'unknown';
  confidence: number;
}

function readHorizon(folded: string, original: string, now: Date, locale: Locale): Horizon | undefined {
  const readings = findReadings(folded, now);
  const retracted = retraction(folded, readings);
  if (retracted) return { value: retracted, confidence: 0.8 };
  if (hesitatesBetweenBuckets(folded, readings, now)) return { value: 'unknown', confidence: 0.7 };
  const choice = chooseReading(folded, readings, now);
  if (choice === 'overdue') return { value: 0, confidence: 0.8 };
  if (choice) {
    const { found, negated } = choice;
    const before = folded.slice(Math.max(0, found.index - 40), found.index);
    return { value: monthsFromReading(found.reading, before, negated, now), confidence: negated ? 0.7 : 0.9 };
  }
  const dated = NUMERIC_DATE.test(original) ? chronoDate(original, now, locale) : undefined;
  if (dated) return { value: monthsBetween(now, dated), confidence: 0.9 };
  const vague = vagueValue(folded);
  if (vague !== undefined) return { value: vague, confidence: typeof vague === 'string' ? 0.9 : 0.7 };
  const guessed = classifyVague(original, locale);
  return guessed && { value: guessed.bucket, confidence: guessed.confidence };
}

function vagueValue(folded: string): number | 'none' | 'unknown' | undefined {
  return VAGUE_PHRASES.find(([phrase]) => (typeof phrase === 'string' ? hasPhrase(folded, [phrase]) : phrase.test(folded)))?.[1];
}

/** "dans 3 mois, en fait non, je ne sais pas", "in March, sorry, no project yet": a time taken back for no time at all. */
function retraction(folded: string, readings: Found[]): 'none' | 'unknown' | undefined {
  const cut = lastCorrectionEnd(folded);
  if (cut < 0 || readings.length === 0 || readings.some((f) => f.index >= cut)) return undefined;
  const said = vagueValue(folded.slice(cut));
  return typeof said === 'string' ? said : undefined;
}

/** "maybe this year, maybe next", "peut-être en mars, peut-être en septembre": two hedged times in different buckets. */
function hesitatesBetweenBuckets(folded: string, readings: Found[], now: Date): boolean {
  if (readings.length < 2 || !HEDGED_ALTERNATIVES.test(folded)) return false;
  const bucketOf = (f: Found) => bucketFor(monthsFromReading(f.reading, folded.slice(Math.max(0, f.index - 40), f.index), false, now));
  return new Set(readings.map(bucketOf)).size > 1;
}

function monthsFromReading(reading: Reading, before: string, negated: boolean, now: Date): number {
  if (reading.kind === 'months') return reading.months;
  return monthsBetween(now, pointOf(reading.span, reading.deadlineAtEnd, before, negated, now));
}

/** The day of a span the visitor means, from the words just before it ("pas en mars" alone: after March). */
function pointOf(span: Span, deadlineAtEnd: boolean, before: string, negated: boolean, now: Date): Date {
  let point: Date;
  if (NOT_BEFORE.test(before)) point = span.start;
  else if (negated || AFTER.test(before)) point = span.end;
  else if (DEADLINE.test(before)) point = deadlineAtEnd ? span.end : span.start;
  else point = midpoint(fromNow(span, now));
  return point < now ? now : point;
}

/** Explicit numeric dates ("le 15/03", "03/15/2027", "2027-03-15"): chrono knows the local day/month order. */
function chronoDate(text: string, now: Date, locale: Locale): Date | undefined {
  const parser = locale === 'fr' ? chronoFr : chronoEn;
  const result = parser.parse(text, now, { forwardDate: true }).find((r) => r.start.isCertain('month'));
  return result?.start.date();
}
