/**
 * `companySize`: a headcount band from what the visitor says ("on est 25", "une centaine",
 * "about 2k employees", "je suis seul", "une PME"). Numbers come first: next to a people word they
 * win over other numbers; ranges take their middle; "plus de/moins de" nudge across the boundary.
 * Without a number, the phrase table data/nlu/companySize.phrases.yaml reads the words (alone,
 * TPE/PME/ETI, grand groupe…).
 */
import type { Extractor, ExtractResult } from '../../../core/slots/extractor.js';
import { phraseTableExtractor } from '../phrases/table-extractor.js';
import { fold } from '../text.js';

export const COMPANY_SIZE_BANDS = ['1-9', '10-49', '50-249', '250-999', '1000+'] as const;
export type CompanySizeBand = (typeof COMPANY_SIZE_BANDS)[number];

export function bandOf(headcount: number): CompanySizeBand {
  if (headcount < 10) return '1-9';
  if (headcount < 50) return '10-49';
  if (headcount < 250) return '50-249';
  if (headcount < 1000) return '250-999';
  return '1000+';
}

const UNITS: Record<string, number> = {
  un: 1, one: 1, deux: 2, two: 2, couple: 2, trois: 3, three: 3, quatre: 4, four: 4, cinq: 5, five: 5,
  six: 6, sept: 7, seven: 7, huit: 8, eight: 8, neuf: 9, nine: 9, dix: 10, ten: 10, onze: 11, eleven: 11,
  douze: 12, twelve: 12, treize: 13, thirteen: 13, quatorze: 14, fourteen: 14, quinze: 15, fifteen: 15,
  seize: 16, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, vingt: 20, vingts: 20, twenty: 20,
  trente: 30, thirty: 30, quarante: 40, forty: 40, cinquante: 50, fifty: 50, soixante: 60, sixty: 60,
  septante: 70, seventy: 70, huitante: 80, octante: 80, eighty: 80, nonante: 90, ninety: 90,
  quelques: 3, few: 3, plusieurs: 3, several: 3,
};
const MULTIPLIERS: Record<string, number> = {
  dizaine: 10, dizaines: 10, douzaine: 12, douzaines: 12, dozen: 12, dozens: 12, quinzaine: 15, vingtaine: 20,
  trentaine: 30, quarantaine: 40, cinquantaine: 50, soixantaine: 60, cent: 100, cents: 100, hundred: 100,
  hundreds: 100, centaine: 100, centaines: 100, mille: 1000, thousand: 1000, thousands: 1000, millier: 1000,
  milliers: 1000, k: 1000, million: 1_000_000, millions: 1_000_000,
};
const ARTICLES = new Set(['un', 'une', 'a', 'an']);
/** Plural vague multiples ("des centaines", "hundreds of") mean a few of them. */
const VAGUE_PLURALS: Record<string, number> = {
  dizaines: 30, dozens: 30, centaines: 300, hundreds: 300, milliers: 3000, thousands: 3000,
};
/** Words after a number that make it a headcount ("25 salariés", "40 FTE"). */
const PEOPLE = new Set(`personne personnes people person persons salarie salaries employe employes employee employees
  collaborateur collaborateurs collaboratrice collaboratrices collab collabs staff etp fte ftes agent agents dev devs
  developpeur developpeurs developer developers ingenieur ingenieurs engineer engineers consultant consultants associe associes
  membre membres member members headcount effectif effectifs tetes heads gens folks worker workers ouvrier ouvriers commerciaux
  equipier equipiers personnel user users utilisateur utilisateurs`.split(/\s+/));
/** Words after a number that make it something else than a headcount (money, time, places, customers…). */
const NOT_PEOPLE = new Set(`€ eur euro euros $ usd dollar dollars % pourcent pourcents percent an ans annee annees year years
  mois month months jour jours day days pays countries site sites bureaux office offices agence agences magasin magasins boutique
  boutiques store stores shop shops client clients customer customers km h heure heures hour hours fois times`.split(/\s+/));
const LESS = new Set(['moins', 'less', 'fewer', 'under', 'below', '<', 'max', 'maximum']);
const MORE = new Set(['plus', 'more', 'over', 'above', '+', '>', 'depasse', 'exceeding', 'beyond']);
const RANGE_JOINERS = new Set(['-', 'a', 'to', 'et', 'and', 'ou', 'or']);
const YEAR_PREFIX = new Set(['en', 'in', 'since', 'depuis', 'annee', 'year', 'fondee', 'founded', 'creee', 'cree', 'created']);
const FILLERS = new Set(['de', 'd', 'of', 'full', 'time', 'temps', 'plein', 'au', 'total', 'environ', 'about', 'around', 'la', 'les', 'des']);

const INDEX_NAMES = /\b(?:cac|sbf|fortune|ftse|dax|s&p|nasdaq) ?\d+\b/g;

interface Quantity { value: number; start: number; end: number }

/** Tokens: numbers (with their k), words, and the few symbols that change a number's meaning. */
function tokenize(folded: string): string[] {
  const merged = folded
    .replace(INDEX_NAMES, ' ') // "CAC 40", "Fortune 500" are not headcounts
    .replace(/(\p{L})-(?=\p{L})/gu, '$1 ') // quatre-vingt-dix → quatre vingt dix
    .replace(/(\d)[ .\u202f\u00a0'](?=\d{3}\b)/g, '$1') // 2 000 / 2.000 / 2'000 → 2000
    .replace(/(\d),(?=\d{3}\b)/g, '$1') // 2,000 → 2000
    .replace(/(\d),(?=\d)/g, '$1.'); // 1,5 → 1.5
  return merged.match(/\d+(?:\.\d+)?|\p{L}+|[€$%+<>-]/gu) ?? [];
}

function numberWord(token: string): { unit?: number; mult?: number } | undefined {
  if (token in UNITS) return { unit: UNITS[token] };
  if (token in MULTIPLIERS) return { mult: MULTIPLIERS[token] };
  if (/^\d+(?:\.\d+)?$/.test(token)) return { unit: Number(token) };
  return undefined;
}

const isDigits = (token: string | undefined): boolean => token !== undefined && /^\d/.test(token);

/** Runs of number tokens ("deux cent cinquante", "2 k", "une centaine") become one quantity. */
function quantities(tokens: string[]): Quantity[] {
  const found: Quantity[] = [];
  let i = 0;
  while (i < tokens.length) {
    const first = tokens[i] as string;
    const previousIsNumber = i > 0 && numberWord(tokens[i - 1] as string) !== undefined;
    if (first in VAGUE_PLURALS && !previousIsNumber) {
      found.push({ value: VAGUE_PLURALS[first] as number, start: i, end: i + 1 });
      i++;
      continue;
    }
    // Articles never start a quantity; "une centaine" starts at "centaine" (a multiplier of 1).
    if (ARTICLES.has(first) || !numberWord(first)) {
      i++;
      continue;
    }
    const start = i;
    let total = 0;
    let current = 0;
    for (let word = numberWord(tokens[i] as string); word; word = numberWord(tokens[i] ?? '')) {
      const token = tokens[i] as string;
      if (word.mult !== undefined && word.mult >= 1000) {
        total += (current || 1) * word.mult;
        current = 0;
      } else if (word.mult !== undefined) current = (current || 1) * word.mult;
      else if (current > 0 && isDigits(token)) break; // two separate numbers
      else if (word.unit === 20 && current >= 2 && current <= 9) current *= 20; // quatre-vingt
      else current += word.unit ?? 0;
      i++;
      // After digits only a multiplier may follow ("2 k", "1.5 millions").
      if (isDigits(token) && numberWord(tokens[i] ?? '')?.mult === undefined) break;
    }
    const value = total + current;
    if (value > 0) found.push({ value, start, end: i });
  }
  return found;
}

function sizeFromQuantities(tokens: string[]): { headcount: number; strong: boolean } | undefined {
  const candidates: { headcount: number; strong: boolean }[] = [];
  const qs = quantities(tokens);
  for (let q = 0; q < qs.length; q++) {
    const quantity = qs[q] as Quantity;
    let value = quantity.value;
    let end = quantity.end;
    const following = qs[q + 1];
    // Ranges: "entre 10 et 20", "50-100", "between 200 and 300".
    if (following && following.start === end + 1 && RANGE_JOINERS.has(tokens[end] as string) && following.value > value) {
      value = (value + following.value) / 2;
      end = following.end;
      q++;
    }
    const before = tokens.slice(Math.max(0, quantity.start - 2), quantity.start);
    if (/^(?:19|20)\d\d$/.test(tokens[quantity.start] as string) && before.some((w) => YEAR_PREFIX.has(w))) continue;
    let after = end;
    while (after < tokens.length && FILLERS.has(tokens[after] as string)) after++;
    const nextWord = tokens[after] ?? '';
    if (NOT_PEOPLE.has(nextWord)) continue;
    if (tokens[end] === '+' || before.some((w) => MORE.has(w))) value = Math.floor(value) + 1;
    else if (before.some((w) => LESS.has(w))) value = Math.max(1, Math.ceil(value) - 1);
    candidates.push({ headcount: value, strong: PEOPLE.has(nextWord) });
  }
  const strong = candidates.filter((c) => c.strong);
  const pool = strong.length > 0 ? strong : candidates;
  if (pool.length === 0) return undefined;
  return pool.reduce((a, b) => (b.headcount > a.headcount ? b : a));
}

/** The band of a headcount said as a number; undefined when the answer holds none (the phrase table reads it then). */
function headcountBand(text: string): ExtractResult<CompanySizeBand> | undefined {
  const size = sizeFromQuantities(tokenize(fold(text)));
  return size && { ok: true, value: bandOf(size.headcount), confidence: size.strong ? 0.95 : 0.8 };
}

export const companySizeExtractor: Extractor<CompanySizeBand> = phraseTableExtractor('companySize', COMPANY_SIZE_BANDS, { readFirst: headcountBand });
