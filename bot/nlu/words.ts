/**
 * Words of an answer, for the extractors that match phrases or classify: tokenising (French elisions
 * removed), stop words, FR/EN Porter stemming and negation marks. Folding itself is `fold` in ./text.ts.
 */
// One file per class, not the 'natural' index nor its folders' (natural-modules.d.ts): those load every corpus, classifier and stemmer it ships.
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import PorterStemmerFr from 'natural/lib/natural/stemmers/porter_stemmer_fr.js';
import type { Locale } from '../../core/lead/model.js';
import { cleanText, fold } from './text.js';

/** Cleaned and folded: answers come cleaned from `guardedExtractor`, corpus lines and catalogue phrases do not. */
export function foldText(text: string): string {
  return fold(cleanText(text));
}

/** Spellings of one word that visitors use interchangeably ("e-mail", "mails", "courriel" are all "email"; "mgmt" is "management"). */
function canonicalSpellings(folded: string): string {
  return folded.replace(/\b(?:e-?mails?|mails?|courriels?)\b/g, 'email').replace(/\be-?mailings?\b|\bmailings?\b/g, 'emailing')
    .replace(/\b(?:mgmt|mngmt)\b/g, 'management').replace(/\b(?:mgr|mngr)\b/g, 'manager').replace(/\bgovt\b/g, 'government');
}

/** Words of a folded text; French elisions (l', j', qu'…) dropped, digits kept as words. */
export function words(text: string): string[] {
  return wordsOfFolded(foldText(text));
}

/** Clauses of an answer (split at punctuation and " - "), each as its folded words: phrases never span two clauses. */
export function clauses(text: string): string[][] {
  return foldText(text)
    .split(/[,.;:!?()\n]+|\s-\s/)
    .map((clause) => wordsOfFolded(clause.replace(/n't\b/g, ' not').replace(/\bn'/g, 'ne ')))
    .filter((clause) => clause.length > 0);
}

function wordsOfFolded(folded: string): string[] {
  return canonicalSpellings(folded)
    .replace(/\b(?:[ldjmtsnc]|qu|jusqu|lorsqu|puisqu)'/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/**
 * Function words that carry no meaning for our slots. Negations (pas, not, no, jamais…)
 * are deliberately kept: "pas de projet" and "no budget" must not look like their opposite.
 */
const STOP_WORDS: Record<Locale, ReadonlySet<string>> = {
  fr: new Set(('a au aux avec ce ces cet cette dans de des du elle en et eux il ils je la le les leur leurs lui ma mais me meme mes moi mon nos notre nous on ou par pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous y est sont suis etre ete avoir ai as avons avez ont fait faire ca cela ceci c d j l m n s t donc alors car comme aussi bien tres plus chez cest').split(' ')),
  en: new Set(('a an the and or of to in on at for with by from as is are was were be been being am i me my we our us you your it its this that these those they them their he she his her do does did have has had so then than just also very really quite some any there here what which who whom about into over would could should will can may might shall').split(' ')),
};

/**
 * Words that frame an answer without saying anything (greetings, "honestly", "basically"): the classifiers skip them, so a
 * writer's habit of opening with "honestly" does not lend the word to the motive of their answers ("honestly it's the
 * price" made "Honestly we're growing…" read as cost).
 */
const FILLERS: Record<Locale, ReadonlySet<string>> = {
  fr: new Set('bonjour bonsoir salut hello coucou bjr slt euh heu bah ben bon voila honnetement franchement sincerement alors enfin bref ok okay oui merci'.split(' ')),
  en: new Set('hi hello hey hiya honestly frankly basically actually literally well um uh erm ok okay yeah yes sure thanks cheers'.split(' ')),
};

export function isStopWord(word: string, locale: Locale): boolean {
  return STOP_WORDS[locale].has(word);
}

/**
 * French words the stemmer would shrink onto a borrowed English word of another meaning: "je bosse dans le marketing"
 * (I work in marketing) is not "le boss". Each form keeps a stem of its own.
 */
const FR_LOOK_ALIKE_FORMS: ReadonlyMap<string, string> = new Map(
  ['bosse', 'bosser', 'bossons', 'bossez', 'bossent', 'bossais', 'bossait', 'bossaient', 'bossera', 'bosserai', 'bosserons'].map((w) => [w, 'bosser']),
);

const STEMMERS: Record<Locale, (word: string) => string> = {
  fr: (w) => FR_LOOK_ALIKE_FORMS.get(w) ?? PorterStemmerFr.stem(w),
  en: (w) => PorterStemmer.stem(w),
};

/** Stems already computed, per language: the same few hundred words come back in every answer. Bounded against hostile input. */
const STEM_CACHE: Record<Locale, Map<string, string>> = { fr: new Map(), en: new Map() };
const MAX_CACHED_STEMS = 20_000;

/** Stem an already folded word; the French stemmer is accent-aware, so its output is folded again. */
export function stem(word: string, locale: Locale): string {
  const cache = STEM_CACHE[locale];
  let stemmed = cache.get(word);
  if (stemmed === undefined) {
    stemmed = fold(STEMMERS[locale](word));
    if (cache.size >= MAX_CACHED_STEMS) cache.clear();
    cache.set(word, stemmed);
  }
  return stemmed;
}

/** Content words of a text, stemmed: the features the classifier and the catalogue matcher use. */
export function stems(text: string, locale: Locale): string[] {
  return words(text)
    .filter((w) => !isStopWord(w, locale))
    .map((w) => stem(w, locale));
}

/** Start index of the word sequence `needle` inside `haystack`, or -1. */
export function indexOfSequence(haystack: readonly string[], needle: readonly string[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Words that negate what follows them: "pas pour réduire les coûts", "not about growth", "don't". */
const NEGATORS: Record<Locale, ReadonlySet<string>> = {
  fr: new Set(['pas', 'jamais', 'ni', 'non', 'aucun', 'aucune', 'sans']),
  en: new Set(['not', 'no', 'never', 'nor', 'without', 'neither', 'dont', 'doesnt', 'didnt', 'isnt', 'arent', 'wasnt', 'cant', 'wont', 'havent']),
};
/** Words that end a negation and turn to what matters: "…, plutôt pour grandir", "but to grow". */
const CONTRASTS: Record<Locale, ReadonlySet<string>> = {
  fr: new Set(['mais', 'plutot', 'surtout', 'juste', 'seulement', 'simplement', 'principalement', 'cest']),
  en: new Set(['but', 'rather', 'instead', 'mainly', 'mostly', 'just', 'only', 'simply', 'its']),
};
/** "and we …", "et on …": a conjunction followed by a new subject opens a clause the negation does not reach. */
const CONJUNCTIONS: Record<Locale, ReadonlySet<string>> = { fr: new Set(['et', 'puis']), en: new Set(['and', 'then']) };
const SUBJECTS: Record<Locale, ReadonlySet<string>> = {
  fr: new Set(['je', 'on', 'nous', 'il', 'elle', 'ils', 'elles']),
  en: new Set(['i', 'we', 'they', 'he', 'she', 'everyone', 'everybody']),
};
/** How many content words after a negator it covers. */
const NEGATION_SCOPE = 3;
/** Prefix of a stem said under a negation. */
export const NEGATED = '!';

const NO_WORDS: ReadonlySet<string> = new Set();

/**
 * Content stems like `stems()`, but a stem said under a negation is prefixed with NEGATED, so "pas pour
 * réduire les coûts" does not count as a cost motive. A negation lasts until punctuation, a contrast
 * word, a new subject after "and"/"et" or NEGATION_SCOPE content words; English "n't" is read as "not".
 * `kept`: stop words a caller still wants as words (the motivation model keeps French "plus").
 */
export function negationAwareStems(text: string, locale: Locale, kept: ReadonlySet<string> = NO_WORDS): string[] {
  const out: string[] = [];
  for (const clause of foldText(text).split(/[,.;:!?()\n]+|\s-\s/)) {
    let scope = 0;
    let previous = '';
    const joined = clause.replace(/\bc'est\b/g, 'cest').replace(/\bit'?s\b/g, 'its').replace(/n't\b/g, ' not');
    for (const word of wordsOfFolded(joined)) {
      const afterConjunction = CONJUNCTIONS[locale].has(previous);
      previous = word;
      if (NEGATORS[locale].has(word)) {
        scope = NEGATION_SCOPE;
        continue;
      }
      // A contrast word ends the negation and is itself an ordinary word ("juste" says curious).
      if (CONTRASTS[locale].has(word) || (afterConjunction && SUBJECTS[locale].has(word))) scope = 0;
      if ((isStopWord(word, locale) || FILLERS[locale].has(word)) && !kept.has(word)) continue;
      const stemmed = stem(word, locale);
      out.push(scope > 0 ? NEGATED + stemmed : stemmed);
      if (scope > 0) scope--;
    }
  }
  return out;
}
