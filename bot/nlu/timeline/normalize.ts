/**
 * Turns a folded timeline answer (lower case, no accents) into the wording the readings and the vague-phrase
 * vocabulary know: SMS abbreviations and dropped apostrophes ("ds 15j", "dici la fin de lannee"), one-letter
 * typos of time words ("tomorow", "septembr"), number words as digits ("dix-huit mois"), fiscal years as
 * calendar years, and "for now" / "from now", which say nothing about urgency.
 */
import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/index.js';
import { numberWordsToDigits } from '../text.js';
import { MONTH_ALTERNATION, TIME_WORDS } from './vocabulary.js';

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

/** "half a year" is six months; "from now" / "for now" are not "now" ("18 months from now", "just looking for now"). */
const PHRASES: [RegExp, string][] = [
  [/\b(?:half a year|half-year|half year|une demi[- ]annee|demi[- ]annee)\b/g, '6 mois'],
  [/\b(?:from now(?: on)?|as of now|by now|until now|till now|starting now)\b/g, ''],
  [/(?<!\bnot )\bfor now\b/g, ''],
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
  for (const [pattern, replacement] of [...FISCAL, ...PHRASES]) text = text.replace(pattern, replacement);
  return text.replace(/\s+/g, ' ').trim();
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
