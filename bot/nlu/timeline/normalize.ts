/**
 * Turns a folded timeline answer (lower case, no accents) into the wording the readings and the vague-phrase
 * vocabulary know: SMS abbreviations and dropped apostrophes ("ds 15j", "dici la fin de lannee"), one-letter
 * typos of time words ("tomorow", "septembr"), number words as digits ("dix-huit mois"), fiscal years as
 * calendar years, and "for now" / "from now", which say nothing about urgency.
 */
import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/index.js';
import { numberWordsToDigits } from '../text.js';
import { MONTH_ALTERNATION, TIME_WORDS, UNIT_ALTERNATION } from './vocabulary.js';

/** SMS and chat shorthand, on whole words. */
const SHORTHAND: [RegExp, string][] = [
  [/\s*\+\s*/g, ' plus '], // "au + vite", "+ de 6 mois"
  [/\bds\b/g, 'dans'],
  [/\btt\b/g, 'tout'],
  [/\bpr\b/g, 'pour'],
  [/\bq(?:ue)?q(?:ue)?s?\b/g, 'quelques'],
  [/\bpdt\b/g, 'pendant'],
  [/\bc\b(?=\s)/g, "c'est"],
  [/\byrs?\b/g, 'year'],
  [/\b(annee|semaine)\s+pro\b/g, '$1 prochaine'],
  [/\b(an|mois)\s+pro\b/g, '$1 prochain'],
];

/** Elided words typed without their apostrophe: "lannee" → "l'annee", "dici" → "d'ici", "cest" → "c'est". */
const ELISIONS = /\b(l|d|c)(ici|annee|an|ete|automne|hiver|instant|exercice|urgence|idee|est)\b/g;
const ELIDING: Record<string, readonly string[]> = {
  l: ['annee', 'an', 'ete', 'automne', 'hiver', 'instant', 'exercice'],
  d: ['ici', 'annee', 'urgence', 'idee', 'ete'],
  c: ['est'],
};

/** A fiscal year is taken as the calendar year (the French default); FY27 / FY2027 name the year. */
const FISCAL: [RegExp, string][] = [
  [/\bfy\s?'?(\d{2})\b/g, '20$1'],
  [/\bfy\s?(20\d\d)\b/g, '$1'],
  [/\b(?:le )?prochain exercice(?: fiscal| comptable)?|\bl'exercice (?:fiscal |comptable )?(?:prochain|suivant)/g, "l'annee prochaine"],
  [/\b(?:fiscal|financial) year\b/g, 'year'],
  [/\b(?:l')?exercice(?: fiscal| comptable)?\b/g, "l'annee"],
];

/**
 * Fractions of a unit as decimals, so the delay reader sees one number: "three and a half months", "un mois et
 * demi", "5 1/2 weeks" → "3.5 months", "1.5 mois", "5.5 weeks"; "half a year", "une demi-journée"… → "0.5 …".
 */
const ONE = String.raw`\d+(?:[.,]\d+)?|an?|one|une?`;
const UNIT = String.raw`(?:${UNIT_ALTERNATION})\b`;
const FRACTIONS: [RegExp, (...groups: string[]) => string][] = [
  [new RegExp(String.raw`\b(${ONE})\s+(?:and a half|et demie?)\s+(${UNIT})`, 'g'), (_m, n, unit) => `${asNumber(n) + 0.5} ${unit}`],
  [new RegExp(String.raw`\b(${ONE})\s+(${UNIT})\s+(?:and a half|et demie?)\b`, 'g'), (_m, n, unit) => `${asNumber(n) + 0.5} ${unit}`],
  [new RegExp(String.raw`\b(\d+)\s*(?:1/2|½)\s*(${UNIT})`, 'g'), (_m, n, unit) => `${Number(n) + 0.5} ${unit}`],
  [new RegExp(String.raw`\b(?:(?:a |one )?half (?:an? )?|une? demie?[- ]|(?:a |one )?half-|demie?[- ])(${UNIT})`, 'g'), (_m, unit) => `0.5 ${unit}`],
];

/** "for now" / "from now" and "right now" after a verb of knowing ("hard to tell right now") say nothing about urgency. */
const PHRASES: [RegExp, string][] = [
  [/\b(?:from now(?: on)?|as of now|by now|until now|till now|starting now)\b/g, ''],
  [/(?<!\bnot )\bfor now\b/g, ''],
  [/\b(tell|say|know|predict|estimate|sure|certain|clear|idea|decided|determined|settled)\s+(?:yet\s+)?(?:right )?now\b/g, '$1'],
];

/** School starts again in September whatever it is called: the same day as "la rentrée". */
const BACK_TO_SCHOOL = /\b(?:back[- ]to[- ]school(?: season)?|schools? (?:go(?:es)? back|starts?|reopens?)|(?:(?:the )?start of (?:the )?|(?:the )?new |l')?(?:school|academic) year|(?:(?:la )?rentree |l')?annee scolaire|retour en classe|rentree scolaire)\b/g;

/** "not this year, maybe next", "pas cette année, plutôt la prochaine": the bare "next" is the next one of the same period. */
const FR_NEXT: Record<string, string> = {
  'cette annee': "l'annee prochaine", 'ce mois': 'le mois prochain', 'cette semaine': 'la semaine prochaine', 'ce trimestre': 'le trimestre prochain',
};
const ELLIPTIC_NEXT: [RegExp, (...groups: string[]) => string][] = [
  [/\b(this (year|month|week|quarter)\b[^.;]*?\bnext)\b(?!\s*(?:year|month|week|quarter)\b)/g, (_m, head, unit) => `${head} ${unit}`],
  [/\b(cette annee|ce mois|cette semaine|ce trimestre)\b([^.;]*?)(?<!(?:annee|mois|semaine|trimestre|an) )\b(?:la |le )?prochaine?\b(?!\s*(?:annee|mois|semaine|trimestre)\b)/g,
    (_m, period, between) => `${period}${between}${FR_NEXT[period]!}`],
];

/**
 * "sept" is September unless it counts something ("sept jours", "vingt-sept", "sept mars"): as a month it must
 * survive the number-word pass.
 */
const SEPT_MONTH = new RegExp(String.raw`(?<!-)\bsept\b(?!\s*(?:-|(?:jours?|semaines?|mois|ans?|annees?|heures?|days?|weeks?|months?|years?|hours?|${MONTH_ALTERNATION})\b))`, 'g');

export function normalizeTimeline(folded: string): string {
  let text = folded;
  for (const [pattern, replacement] of SHORTHAND) text = text.replace(pattern, replacement);
  text = text.replace(ELISIONS, (whole, article: string, word: string) =>
    ELIDING[article]!.includes(word) ? `${article}'${word}` : whole);
  text = text.replace(/[\p{L}]{5,}/gu, correctTypo);
  text = numberWordsToDigits(text.replace(SEPT_MONTH, 'septembre'));
  for (const [pattern, replacement] of [...FRACTIONS, ...ELLIPTIC_NEXT]) text = text.replace(pattern, replacement);
  for (const [pattern, replacement] of [...FISCAL, ...PHRASES]) text = text.replace(pattern, replacement);
  return text.replace(BACK_TO_SCHOOL, 'rentree').replace(/\s+/g, ' ').trim();
}

function asNumber(word: string): number {
  return /^\d/.test(word) ? Number(word.replace(',', '.')) : 1;
}

/**
 * A word one dropped, doubled or swapped letter away from a time word ("urgeent", "tomorow", "monts") is that
 * word. Substitutions are not corrected: they mostly turn one real word into another ("sprint" → "spring").
 * Restricted Damerau-Levenshtein: natural's unrestricted one gives 0 for "tomorow" → "tomorrow".
 */
function correctTypo(word: string): string {
  if (TIME_WORDS.has(word)) return word;
  for (const candidate of TIME_WORDS) {
    if (candidate.length < 6 || candidate[0] !== word[0] || Math.abs(candidate.length - word.length) > 1) continue;
    if (DamerauLevenshteinDistance(word, candidate, { restricted: true, substitution_cost: 2 }) === 1) return candidate;
  }
  return word;
}
