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
  /** Negative months: a time already past ("last month", "il y a 3 semaines"). */
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
const NEW_YEAR = (y: number): Span => ({ start: utcDate(y, 0, 1), end: utcDate(y, 0, 2) });
const WINTER_HOLIDAYS = (y: number): Span => ({ start: utcDate(y, 1, 7), end: utcDate(y, 2, 8) });
/** US Thanksgiving: the fourth Thursday of November; Black Friday and Cyber Monday follow it. */
const THANKSGIVING = (y: number, offset = 0): Span => {
  const first = utcDate(y, 10, 1).getUTCDay();
  const day = 1 + ((4 - first + 7) % 7) + 21 + offset;
  return { start: utcDate(y, 10, day), end: utcDate(y, 10, day) };
};
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
  'vacances de noel': CHRISTMAS, "vacances de fin d'annee": CHRISTMAS, 'christmas holidays': CHRISTMAS,
  'christmas break': CHRISTMAS, 'winter break': CHRISTMAS, 'nouvel an': NEW_YEAR, "jour de l'an": NEW_YEAR,
  "new year's": NEW_YEAR, 'new year': NEW_YEAR, "vacances d'hiver": WINTER_HOLIDAYS, 'vacances de fevrier': WINTER_HOLIDAYS,
  thanksgiving: (y) => THANKSGIVING(y), 'black friday': (y) => THANKSGIVING(y, 1), 'cyber monday': (y) => THANKSGIVING(y, 4),
};
/** Longest first, so "vacances de noel" is read before "vacances". */
const HOLIDAY_ALTERNATION = Object.keys(HOLIDAYS).sort((a, b) => b.length - a.length).join('|');

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
  { // "next quarter", "le trimestre prochain", "ce trimestre", "fin du trimestre prochain"
    priority: 2,
    pattern: new RegExp(String.raw`${PART}(?:le |the )?\b(?:(next|prochain|this|ce|current) (?:quarter|trimestre)|trimestre (prochain|suivant|en cours)|following quarter)\b`, 'g'),
    read: (m, now) => relativePeriod(m[1], ['this', 'ce', 'current', 'en cours'].includes(m[2] ?? m[3] ?? '') ? 0 : 1, 3, now),
  },
  { // "d'ici la fin du trimestre", "end of the quarter", "quarter-end", "fin du semestre": by the end of the current one
    priority: 2,
    pattern: /\b(?:(?:fin|end) (?:du |de ce |of the |of this )?(trimestre|quarter|semestre|semester)(?! (?:prochain|suivant))|(quarter)[- ]end)\b/g,
    read: (m, now) => {
      const length = /^(?:trimestre|quarter)$/.test(m[1] ?? m[2]!) ? 3 : 6;
      const last = Math.floor(now.getUTCMonth() / length) * length + length - 1;
      return { kind: 'months', months: monthsBetween(now, utcDate(now.getUTCFullYear(), last + 1, 0)) };
    },
  },
  { // "next semester", "le semestre prochain"
    priority: 2,
    pattern: new RegExp(String.raw`${PART}(?:le |the )?\b(?:(?:next|prochain) (?:semester|semestre|half)|semestre (?:prochain|suivant))\b`, 'g'),
    read: (m, now) => relativePeriod(m[1], 1, 6, now),
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
    pattern: /\b(?:cette annee|this year|(?:fin|end) (?:de l'|d'|of the |of )?(?:annee|year)|year[- ]end)\b/g,
    read: (_m, now) => ({ kind: 'months', months: monthsBetween(now, utcDate(now.getUTCFullYear(), 11, 31)) }),
  },
  { // "dans l'année", "within a year", "over the next year": the next twelve months
    priority: 2,
    pattern: /\b(?:dans l'annee|dans les (?:12|douze) (?:prochains )?mois|within (?:the|a) year|(?:in|over) the (?:next|coming) (?:year|12 months|twelve months))\b/g,
    read: () => ({ kind: 'months', months: 12 }),
  },
  { // "le mois prochain", "next month", "fin du mois prochain"
    priority: 2,
    pattern: new RegExp(String.raw`${PART}(?:le |the )?\b(?:mois (?:prochain|suivant|d'apres)|next month|following month|month after)\b`, 'g'),
    read: (m, now) => relativePeriod(m[1], 1, 1, now),
  },
  { // "le mois dernier", "last week", "l'an dernier", "the previous quarter": a time in the past
    priority: 2,
    pattern: /\b(?:(?:last|past|previous) (?:week|month|quarter|year)|(?:semaine|mois|trimestre|an|annee) (?:derniere?|passee?|precedente?))\b(?! of\b)/g,
    read: () => ({ kind: 'months', months: -1 }),
  },
  { // "semaine 12", "wk 35", "S40": ISO week numbers
    priority: 2,
    pattern: /\b(?:(?:semaine|sem|week|wk|w)\s*(?:n[o°]\s*|#\s*)?(\d{1,2})|s(\d{2}))\b(?:\s*,?\s*(20[2-9]\d))?/g,
    read: (m, now) => {
      const week = Number(m[1] ?? m[2]);
      if (week < 1 || week > 53) return null;
      const span = m[3] ? isoWeek(Number(m[3]), week) : nextOccurrence(now, (y) => isoWeek(y, week));
      return { kind: 'span', span, deadlineAtEnd: false };
    },
  },
  { // "sometime this year", "courant de l'année": the rest of this year, at its middle
    priority: 2,
    pattern: /\b(?:sometime|some time|at some point|during|dans le courant de|au cours de|courant de|courant)\s+(?:this year|the year|l'annee|cette annee)\b/g,
    read: (_m, now) => ({ kind: 'span', span: { start: now, end: utcDate(now.getUTCFullYear(), 11, 31) }, deadlineAtEnd: true }),
  },
  { // "à la rentrée (2027)" (September), "après les fêtes", "avant Noël", "vers la Toussaint", "à Pâques", "after the summer break"
    priority: 2,
    pattern: new RegExp(String.raw`\b(${HOLIDAY_ALTERNATION})\b${YEAR_SPEC}`, 'g'),
    read: (m, now) => periodReading(now, undefined, parseYearSpec(m[2], now), HOLIDAYS[m[1]!]!),
  },
  { // "dans 2 semaines", "sous 90 jours", "3 à 6 mois", "plus de 6 mois", "un an et demi", "in a couple of weeks"
    priority: 3,
    pattern: new RegExp(String.raw`(?:\b(plus de|plus d'|more than|over|au moins|at least|minimum|au-dela de|beyond)\s*)?(?<![\d.,])\b(${NUMBER_ALTERNATION})(?:\s*(?:a|-|ou|or|to|et|and)\s*(${NUMBER_ALTERNATION}))?(?:\s+(?:de|d'|of))?(?:\s+(?:prochaine?s|suivante?s|next|coming))?\s*(${UNIT_ALTERNATION})\b(?:\s+(?:ou|or|to)\s+(${NUMBER_ALTERNATION})\b(?!\s*(?:(?:de|d'|of)\s+)?(?:${UNIT_ALTERNATION})\b))?`, 'g'),
    read: (m) => {
      // "un jour" alone is "some day", not a one-day delay.
      if (/^une? jours?$/.test(m[0].trim()) && !/(?:dans|sous|d'ici|en|within|in)\s*$/.test(m.input.slice(0, m.index))) return null;
      const low = parseNumber(m[2]!);
      // "3 à 6 mois", or "a year or two"
      const high = m[3] ? parseNumber(m[3]) : m[5] ? parseNumber(m[5]) : low;
      const unit = UNIT_MONTHS.find(([re]) => re.test(m[4]!))?.[1];
      if (low === undefined || high === undefined || unit === undefined || high < low) return null;
      const months = ((low + high) / 2) * unit * (m[1] ? 1.25 : 1);
      // "il y a 3 semaines", "two months ago": a time in the past.
      const ago = /\bil y a\s*$/.test(m.input.slice(0, m.index)) || /^\s+ago\b/.test(m.input.slice(m.index + m[0].length));
      return { kind: 'months', months: ago ? -months : months };
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

/** The period `ahead` months-long periods from the current one ("next quarter": 1, 3), then the part asked for. */
function relativePeriod(partWord: string | undefined, ahead: number, length: number, now: Date): Reading {
  const first = Math.floor(now.getUTCMonth() / length) * length + ahead * length;
  const part = partOf(partWord);
  return { kind: 'span', span: slice(monthsSpan(now.getUTCFullYear(), first, first + length - 1), part), deadlineAtEnd: part !== 'start' };
}

/** ISO 8601 week `week` of `year`: week 1 is the one with the year's first Thursday, weeks start on Monday. */
function isoWeek(year: number, week: number): Span {
  const jan4 = utcDate(year, 0, 4);
  const monday = utcDate(year, 0, 4 - ((jan4.getUTCDay() + 6) % 7) + (week - 1) * 7);
  return { start: monday, end: utcDate(monday.getUTCFullYear(), monday.getUTCMonth(), monday.getUTCDate() + 6) };
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

