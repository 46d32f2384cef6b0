/**
 * Reads the time expressions of a timeline answer: dates, months, seasons, quarters, halves, years,
 * relative months and delays ("sous 90 jours"), each as a `Reading` (a span of days, or a number of
 * months from now). Text is folded (lower case, no accents) before it gets here.
 */
import {
  midpoint, monthSpan, monthsBetween, monthsSpan, nextOccurrence, utcDate, type Span,
} from './calendar.js';
import { MONTHS, MONTH_ALTERNATION, NUMBER_ALTERNATION, NUMBER_WORDS, UNIT_ALTERNATION, UNIT_MONTHS } from './vocabulary.js';

export type Reading =
  | { kind: 'months'; months: number }
  /** `deadlineAtEnd`: "d'ici la fin de l'année" means by the end of the span, "d'ici l'été" by its start. */
  | { kind: 'span'; span: Span; deadlineAtEnd: boolean };

export interface Found {
  index: number;
  /** Lower wins: an explicit date beats a month, which beats a delay. */
  priority: number;
  reading: Reading;
}

type Part = 'start' | 'middle' | 'end' | 'whole';
/** What "l'an prochain", "2027", "next" after a period name asks for. */
type YearSpec = { year: number } | 'next' | undefined;

const PART = String.raw`(?:(debut|mi|milieu|courant|fin|early|mid|middle|late|end|beginning|start)(?:\s*-\s*|\s+)(?:de l'|de la |du |de |d'|of the |of )?)?`;
const YEAR_SPEC = String.raw`(?:\s*,?\s*(?:de l'annee |de l'an |de |d'|of |in )?(20[2-9]\d|prochaine?|suivante?|next year|l'an prochain|l'annee prochaine|de l'annee prochaine|following year|this year|cette annee|de cette annee)\b)?`;
const ORDINALS: Record<string, number> = {
  premier: 1, '1er': 1, '1st': 1, first: 1, deuxieme: 2, '2e': 2, '2eme': 2, second: 2, '2nd': 2, troisieme: 3, '3e': 3,
  '3eme': 3, third: 3, '3rd': 3, quatrieme: 4, '4e': 4, '4eme': 4, fourth: 4, '4th': 4,
};
const ORDINAL_ALTERNATION = Object.keys(ORDINALS).join('|');
const SEASONS: Record<string, (year: number) => Span> = {
  printemps: (y) => ({ start: utcDate(y, 2, 20), end: utcDate(y, 5, 20) }),
  spring: (y) => ({ start: utcDate(y, 2, 20), end: utcDate(y, 5, 20) }),
  ete: (y) => ({ start: utcDate(y, 5, 21), end: utcDate(y, 8, 22) }),
  summer: (y) => ({ start: utcDate(y, 5, 21), end: utcDate(y, 8, 22) }),
  automne: (y) => ({ start: utcDate(y, 8, 23), end: utcDate(y, 11, 20) }),
  autumn: (y) => ({ start: utcDate(y, 8, 23), end: utcDate(y, 11, 20) }),
  fall: (y) => ({ start: utcDate(y, 8, 23), end: utcDate(y, 11, 20) }),
  hiver: (y) => ({ start: utcDate(y, 11, 21), end: utcDate(y + 1, 2, 19) }),
  winter: (y) => ({ start: utcDate(y, 11, 21), end: utcDate(y + 1, 2, 19) }),
};

const SEPTEMBER = (y: number): Span => monthSpan(y, 8);
const CHRISTMAS = (y: number): Span => ({ start: utcDate(y, 11, 20), end: utcDate(y + 1, 0, 5) });
const SUMMER_HOLIDAYS = (y: number): Span => ({ start: utcDate(y, 6, 1), end: utcDate(y, 7, 31) });
const ALL_SAINTS = (y: number): Span => ({ start: utcDate(y, 9, 20), end: utcDate(y, 10, 2) });
const EASTER = (y: number): Span => {
  const sunday = easterSunday(y);
  return { start: utcDate(y, sunday.getUTCMonth(), sunday.getUTCDate() - 7), end: utcDate(y, sunday.getUTCMonth(), sunday.getUTCDate() + 7) };
};
/** Named moments of the year people plan around (French school calendar for "vacances"). */
const HOLIDAYS: Record<string, (year: number) => Span> = {
  rentree: SEPTEMBER, 'fetes de fin d\'annee': CHRISTMAS, 'les fetes': CHRISTMAS, noel: CHRISTMAS, christmas: CHRISTMAS,
  'the holidays': CHRISTMAS, 'holiday season': CHRISTMAS, toussaint: ALL_SAINTS, paques: EASTER, easter: EASTER,
  'grandes vacances': SUMMER_HOLIDAYS, "vacances d'ete": SUMMER_HOLIDAYS, 'vacances': SUMMER_HOLIDAYS,
  'summer holidays': SUMMER_HOLIDAYS, 'summer break': SUMMER_HOLIDAYS, 'summer vacation': SUMMER_HOLIDAYS,
};

interface Matcher {
  priority: number;
  pattern: RegExp;
  read(m: RegExpExecArray, now: Date): Reading | null;
}

const MATCHERS: Matcher[] = [
  { // "15 mars", "le 1er avril 2027", "15th of march"
    priority: 1,
    pattern: new RegExp(String.raw`\b(\d{1,2})(?:er|st|nd|rd|th)?\s+(?:of\s+)?(${MONTH_ALTERNATION})\b\.?(?:\s+(20[2-9]\d))?`, 'g'),
    read: (m, now) => dayReading(now, Number(m[1]), MONTHS[m[2]!]!, m[3]),
  },
  { // "march 15th, 2027"
    priority: 1,
    pattern: new RegExp(String.raw`\b(${MONTH_ALTERNATION})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(20[2-9]\d))?`, 'g'),
    read: (m, now) => dayReading(now, Number(m[2]), MONTHS[m[1]!]!, m[3]),
  },
  { // "en mars", "fin avril 2027", "mi-juin", "early march next year"
    priority: 2,
    pattern: new RegExp(String.raw`${PART}\b(${MONTH_ALTERNATION})\b\.?${YEAR_SPEC}`, 'g'),
    read: (m, now) => periodReading(now, m[1], parseYearSpec(m[3], now), (y) => monthSpan(y, MONTHS[m[2]!]!)),
  },
  { // "au printemps", "l'été prochain", "next spring", "fin de l'hiver", "summer 2027"
    priority: 2,
    pattern: new RegExp(String.raw`${PART}(?:(l'|le |cet |ce |this |the |en |in |au |a l'|next |prochain )\s*)?\b(printemps|spring|ete|summer|automne|autumn|fall|hiver|winter)\b${YEAR_SPEC}`, 'g'),
    read: (m, now) => {
      // "été" is also a past participle ("j'ai été"), "fall" a verb: only with a determiner or a year.
      if ((m[3] === 'ete' || m[3] === 'fall') && !m[2] && !m[1] && !m[4]) return null;
      const spec = m[2] === 'next ' || m[2] === 'prochain ' ? 'next' : parseYearSpec(m[4], now);
      return periodReading(now, m[1], spec, SEASONS[m[3]!]!);
    },
  },
  { // "Q2 next year", "T1 2027", "premier trimestre", "the third quarter"
    priority: 2,
    pattern: new RegExp(String.raw`${PART}(?:\b[qt]([1-4])\b|\b(${ORDINAL_ALTERNATION})\s+(?:trimestre|quarter)\b)${YEAR_SPEC}`, 'g'),
    read: (m, now) => {
      const quarter = m[2] ? Number(m[2]) : ORDINALS[m[3]!]!;
      return periodReading(now, m[1], parseYearSpec(m[4], now), (y) => monthsSpan(y, (quarter - 1) * 3, quarter * 3 - 1));
    },
  },
  { // "S2", "H1 2027", "premier semestre", "second half of next year"
    priority: 2,
    pattern: new RegExp(String.raw`${PART}(?:\b[sh]([12])\b|\b(${ORDINAL_ALTERNATION}|dernier|last)\s+(?:semestre|half)\b(?:\s+of)?)${YEAR_SPEC}`, 'g'),
    read: (m, now) => {
      const half = m[2] ? Number(m[2]) : m[3] === 'dernier' || m[3] === 'last' ? 2 : Math.min(ORDINALS[m[3]!]!, 2);
      return periodReading(now, m[1], parseYearSpec(m[4], now), (y) => monthsSpan(y, (half - 1) * 6, half * 6 - 1));
    },
  },
  { // "next quarter", "le trimestre prochain", "ce trimestre"
    priority: 2,
    pattern: /\b(?:(next|prochain|this|ce|current) (?:quarter|trimestre)|(?:le )?trimestre (prochain|suivant|en cours)|the following quarter)\b/g,
    read: (m, now) => {
      const thisOne = ['this', 'ce', 'current', 'en cours'].includes(m[1] ?? m[2] ?? '');
      const first = Math.floor(now.getUTCMonth() / 3) * 3 + (thisOne ? 0 : 3);
      return { kind: 'span', span: monthsSpan(now.getUTCFullYear(), first, first + 2), deadlineAtEnd: true };
    },
  },
  { // "d'ici la fin du trimestre", "end of the quarter", "quarter-end": by the end of the current quarter
    priority: 2,
    pattern: /\b(?:(?:fin|end) (?:du |de ce |of the |of this )?(?:trimestre|quarter)|quarter[- ]end)\b/g,
    read: (_m, now) => {
      const last = Math.floor(now.getUTCMonth() / 3) * 3 + 2;
      return { kind: 'months', months: monthsBetween(now, utcDate(now.getUTCFullYear(), last + 1, 0)) };
    },
  },
  { // "next semester", "le semestre prochain"
    priority: 2,
    pattern: /\b(?:(?:next|prochain) (?:semester|semestre|half)|(?:le )?semestre (?:prochain|suivant))\b/g,
    read: (_m, now) => {
      const first = Math.floor(now.getUTCMonth() / 6) * 6 + 6;
      return { kind: 'span', span: monthsSpan(now.getUTCFullYear(), first, first + 5), deadlineAtEnd: true };
    },
  },
  { // "début 2027", "en 2028", "fin 2027", "mid-2027"
    priority: 2,
    pattern: new RegExp(String.raw`${PART}(?<!\d[/.-])\b(20[2-9]\d)\b(?![/.-]\d)`, 'g'),
    read: (m, now) => periodReading(now, m[1], { year: Number(m[2]) }, (y) => monthsSpan(y, 0, 11)),
  },
  { // "l'année prochaine", "early next year", "début de l'an prochain"
    priority: 2,
    pattern: new RegExp(String.raw`${PART}(?:l')?\b(?:annee prochaine|an prochain|next year|annee suivante|following year|year after)\b`, 'g'),
    read: (m, now) => periodReading(now, m[1], { year: now.getUTCFullYear() + 1 }, (y) => monthsSpan(y, 0, 11)),
  },
  { // "cette année", "d'ici la fin de l'année", "end of the year", "year-end": by the end of this year
    priority: 2,
    pattern: /\b(?:cette annee|this year|courant de l'annee|(?:fin|end) (?:de l'|d'|of the |of )?(?:annee|year)|year[- ]end)\b/g,
    read: (_m, now) => ({ kind: 'months', months: monthsBetween(now, utcDate(now.getUTCFullYear(), 11, 31)) }),
  },
  { // "dans l'année", "within a year", "over the next year": the next twelve months
    priority: 2,
    pattern: /\b(?:dans l'annee|dans les (?:12|douze) (?:prochains )?mois|within (?:the|a) year|(?:in|over) the (?:next|coming) (?:year|12 months|twelve months))\b/g,
    read: () => ({ kind: 'months', months: 12 }),
  },
  { // "le mois prochain", "next month"
    priority: 2,
    pattern: /\b(?:(?:le )?mois (?:prochain|suivant|d'apres)|next month|the following month|the month after)\b/g,
    read: (_m, now) => ({ kind: 'span', span: monthSpan(now.getUTCFullYear(), now.getUTCMonth() + 1), deadlineAtEnd: true }),
  },
  { // "à la rentrée (2027)" (September), "après les fêtes", "avant Noël", "vers la Toussaint", "à Pâques", "after the summer break"
    priority: 2,
    pattern: new RegExp(String.raw`\b(${Object.keys(HOLIDAYS).join('|')})\b${YEAR_SPEC}`, 'g'),
    read: (m, now) => periodReading(now, undefined, parseYearSpec(m[2], now), HOLIDAYS[m[1]!]!),
  },
  { // "dans 2 semaines", "sous 90 jours", "3 à 6 mois", "plus de 6 mois", "un an et demi", "in a couple of weeks"
    priority: 3,
    pattern: new RegExp(String.raw`(?:\b(plus de|plus d'|more than|over|au moins|at least|minimum|au-dela de|beyond)\s*)?(?<![\d.,])\b(${NUMBER_ALTERNATION})(?:\s*(?:a|-|ou|or|to|et|and)\s*(${NUMBER_ALTERNATION}))?(?:\s+(?:de|d'|of))?\s*\b(${UNIT_ALTERNATION})\b(\s+(?:et demie?|and a half))?`, 'g'),
    read: (m) => {
      // "un jour" alone is "some day", not a one-day delay.
      if (/^une? jours?$/.test(m[0].trim()) && !/(?:dans|sous|d'ici|en|within|in)\s*$/.test(m.input.slice(0, m.index))) return null;
      const low = parseNumber(m[2]!);
      const high = m[3] ? parseNumber(m[3]) : low;
      const unit = UNIT_MONTHS.find(([re]) => re.test(m[4]!))?.[1];
      if (low === undefined || high === undefined || unit === undefined || high < low) return null;
      const months = ((low + high) / 2 + (m[5] ? 0.5 : 0)) * unit * (m[1] ? 1.25 : 1);
      return { kind: 'months', months };
    },
  },
];

/** Every time expression in the folded text, in order of appearance. */
export function findReadings(folded: string, now: Date): Found[] {
  const found: Found[] = [];
  for (const matcher of MATCHERS) {
    matcher.pattern.lastIndex = 0;
    for (let m = matcher.pattern.exec(folded); m; m = matcher.pattern.exec(folded)) {
      if (m[0].length === 0) {
        matcher.pattern.lastIndex++;
        continue;
      }
      const reading = matcher.read(m, now);
      if (reading) found.push({ index: m.index, priority: matcher.priority, reading });
    }
  }
  return found.sort((a, b) => a.priority - b.priority || a.index - b.index);
}

/** Gregorian Easter Sunday (anonymous Gregorian algorithm). */
function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((8 * b + 13) / 25) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utcDate(year, month - 1, day);
}

function dayReading(now: Date, day: number, month0: number, year: string | undefined): Reading | null {
  if (day < 1 || day > 31) return null;
  const span = year
    ? { start: utcDate(Number(year), month0, day), end: utcDate(Number(year), month0, day) }
    : nextOccurrence(now, (y) => ({ start: utcDate(y, month0, day), end: utcDate(y, month0, day) }));
  return { kind: 'span', span, deadlineAtEnd: false };
}

/** A named period (month, season, quarter…) in the year asked for, or its next occurrence; then the part asked for. */
function periodReading(now: Date, partWord: string | undefined, yearSpec: YearSpec, spanIn: (year: number) => Span): Reading {
  let span: Span;
  if (yearSpec === 'next') {
    const upcoming = nextOccurrence(now, spanIn);
    span = upcoming.start > now ? upcoming : spanIn(upcoming.start.getUTCFullYear() + 1);
  } else {
    span = yearSpec ? spanIn(yearSpec.year) : nextOccurrence(now, spanIn);
  }
  const part = partOf(partWord);
  return { kind: 'span', span: slice(span, part), deadlineAtEnd: part === 'end' };
}

function partOf(word: string | undefined): Part {
  switch (word) {
    case 'debut': case 'early': case 'beginning': case 'start': return 'start';
    case 'mi': case 'milieu': case 'mid': case 'middle': return 'middle';
    case 'fin': case 'late': case 'end': return 'end';
    default: return 'whole';
  }
}

/** Thirds of a span; for a whole year, "début"/"fin" mean its first/last quarter. */
function slice(span: Span, part: Part): Span {
  if (part === 'whole') return span;
  const days = (span.end.getTime() - span.start.getTime()) / 86_400_000;
  const fraction = days > 300 && part !== 'middle' ? 0.25 : 1 / 3;
  const length = (span.end.getTime() - span.start.getTime()) * fraction;
  if (part === 'start') return { start: span.start, end: new Date(span.start.getTime() + length) };
  if (part === 'end') return { start: new Date(span.end.getTime() - length), end: span.end };
  const middle = midpoint(span).getTime();
  return { start: new Date(middle - length / 2), end: new Date(middle + length / 2) };
}

function parseYearSpec(text: string | undefined, now: Date): YearSpec {
  if (!text) return undefined;
  if (/^20\d\d$/.test(text)) return { year: Number(text) };
  if (/^(?:this year|cette annee|de cette annee)$/.test(text)) return { year: now.getUTCFullYear() };
  if (/year|an |annee/.test(text)) return { year: now.getUTCFullYear() + 1 };
  return 'next';
}

function parseNumber(text: string): number | undefined {
  const word = NUMBER_WORDS[text];
  if (word !== undefined) return word;
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) && value >= 0 && value < 1000 ? value : undefined;
}

