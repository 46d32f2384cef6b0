/**
 * Input hygiene and text folding shared by every extractor. Extractors see whatever a visitor (or an
 * attacker) typed, so everything goes through `guardedExtractor`: non-strings, control characters and
 * oversized input are dealt with *before* any regular expression runs, and nothing ever throws.
 */
import type { ExtractContext, ExtractResult, Extractor } from '../../core/slots/extractor.js';

/** Longest answer we try to understand; longer input is refused, never scanned (keeps regexes linear-time in practice). */
export const MAX_ANSWER_LENGTH = 1000;

// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\uFEFF]/g;

/** NFC, no control/bidi characters, typographic quotes and spaces made plain, whitespace collapsed, trimmed. */
export function cleanText(text: string): string {
  return text
    .normalize('NFC')
    .replace(CONTROL_CHARS, '')
    .replace(/[\u2018\u2019\u02BC\u0060\u00B4]/g, "'")
    .replace(/[\u00A0\u202F\u2007\u2009]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Lower case without diacritics ("Début" → "debut", "ﬁ" → "fi"), for matching keywords the way visitors type
 * them. The one fold of every extractor; expects `cleanText` output (quotes and spaces already plain).
 */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae');
}

/** Longest visitor text kept on the lead as said (motivation, free-text project). */
export const MAX_KEPT_TEXT = 500;

/**
 * Wraps an extractor body so that it only ever sees a cleaned, bounded, non-empty string,
 * and so that a bug in the body becomes `{ok:false, reason:'internal_error'}` instead of a crash.
 */
export function guardedExtractor<T>(
  slot: string,
  body: (text: string, ctx: ExtractContext) => ExtractResult<T>,
): Extractor<T> {
  return {
    slot,
    extract(text: unknown, ctx: ExtractContext): ExtractResult<T> {
      if (typeof text !== 'string') return { ok: false, reason: 'empty' };
      if (text.length > MAX_ANSWER_LENGTH * 4) return { ok: false, reason: 'too_long' };
      const cleaned = cleanText(text);
      if (cleaned.length === 0) return { ok: false, reason: 'empty' };
      if (cleaned.length > MAX_ANSWER_LENGTH) return { ok: false, reason: 'too_long' };
      try {
        return body(cleaned, safeContext(ctx));
      } catch {
        return { ok: false, reason: 'internal_error' };
      }
    },
  };
}

function safeContext(ctx: ExtractContext | undefined): ExtractContext {
  const locale = ctx?.locale === 'en' ? 'en' : 'fr';
  const now = ctx?.now instanceof Date && !Number.isNaN(ctx.now.getTime()) ? ctx.now : new Date();
  const defaultCountry = typeof ctx?.defaultCountry === 'string' && /^[A-Za-z]{2}$/.test(ctx.defaultCountry)
    ? ctx.defaultCountry.toUpperCase()
    : undefined;
  return { locale, now, defaultCountry };
}

/** Trailing dots and spaces removed, except the dot of an abbreviation ("John Smith Jr.", "Acme Inc."). */
export function stripTrailingDots(text: string): string {
  const trimmed = text.trimEnd();
  if (/\b(?:jr|sr|inc|ltd|co|corp|bros|st)\.$/iu.test(trimmed)) return trimmed;
  return trimmed.replace(/[.\s]+$/u, '');
}

/** True when one of the folded phrases occurs in folded text as whole words. */
export function hasPhrase(folded: string, phrases: readonly string[]): boolean {
  return phrases.some((p) => containsWords(folded, p));
}

function containsWords(folded: string, phrase: string): boolean {
  let from = 0;
  for (;;) {
    const at = folded.indexOf(phrase, from);
    if (at < 0) return false;
    const before = at === 0 ? ' ' : folded[at - 1]!;
    const after = at + phrase.length >= folded.length ? ' ' : folded[at + phrase.length]!;
    if (!isWordChar(before) && !isWordChar(after)) return true;
    from = at + 1;
  }
}

function isWordChar(ch: string): boolean {
  return /[\p{L}\p{N}]/u.test(ch);
}

const UNIT_WORDS: Record<string, number> = {
  zero: 0, un: 1, une: 1, one: 1, deux: 2, two: 2, trois: 3, three: 3, quatre: 4, four: 4, cinq: 5, five: 5, six: 6, sept: 7,
  seven: 7, huit: 8, eight: 8, neuf: 9, nine: 9, oh: 0,
};
const TEEN_WORDS: Record<string, number> = {
  dix: 10, ten: 10, onze: 11, eleven: 11, douze: 12, twelve: 12, treize: 13, thirteen: 13, quatorze: 14, fourteen: 14, quinze: 15,
  fifteen: 15, seize: 16, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS_WORDS: Record<string, number> = {
  vingt: 20, twenty: 20, trente: 30, thirty: 30, quarante: 40, forty: 40, cinquante: 50, fifty: 50, soixante: 60, sixty: 60,
  seventy: 70, eighty: 80, ninety: 90, septante: 70, huitante: 80, octante: 80, nonante: 90,
};
const HUNDRED_WORDS = new Set(['cent', 'cents', 'hundred']);
/** Words that read as articles as often as numbers; kept as words unless `articles` is set. */
const ARTICLE_NUMBERS = new Set(['un', 'une', 'one', 'oh']);

/**
 * Number words below a thousand turned into digits, on folded text: "quarante-cinq mille" → "45 mille",
 * "zero six douze trente-quatre" → "0 6 12 34", "four one five" → "4 1 5", "soixante-dix-huit" → "78".
 * Each number is read greedily (hundreds, tens, units, FR "soixante-dix"/"quatre-vingt"), so a run of
 * separate numbers stays separate. Multipliers (mille, thousand, million) are left to the caller.
 */
export function numberWordsToDigits(folded: string, options: { articles?: boolean } = {}): string {
  const tokens = folded.split(/(\s+|-(?=\p{L}))/u);
  const words = tokens.filter((_, i) => i % 2 === 0);
  const separatorAfter = (i: number) => tokens[2 * i + 1] ?? '';
  let out = '';
  for (let i = 0; i < words.length;) {
    const read = readNumber(words, i);
    const single = read && read.next === i + 1 && ARTICLE_NUMBERS.has(words[i]!);
    if (read && (!single || options.articles)) {
      out += String(read.value) + separatorAfter(read.next - 1).replace('-', ' ');
      i = read.next;
    } else {
      out += words[i]! + separatorAfter(i);
      i++;
    }
  }
  return out;
}

function readNumber(words: string[], start: number): { value: number; next: number } | undefined {
  let i = start;
  let value = 0;
  const unit = UNIT_WORDS[words[i] ?? ''];
  if (unit !== undefined && unit > 0 && HUNDRED_WORDS.has(words[i + 1] ?? '')) {
    value = unit * 100;
    i += 2;
  } else if (HUNDRED_WORDS.has(words[i] ?? '') && words[i] !== 'cents') {
    value = 100;
    i += 1;
  }
  if (value > 0 && words[i] === 'and') i += words[i + 1] !== undefined && isNumberWord(words[i + 1]!) ? 1 : 0;
  const below = readBelowHundred(words, i);
  if (below) return { value: value + below.value, next: below.next };
  return value > 0 ? { value, next: i } : undefined;
}

function readBelowHundred(words: string[], start: number): { value: number; next: number } | undefined {
  const word = words[start] ?? '';
  if (word === 'quatre' && /^vingts?$/.test(words[start + 1] ?? '')) {
    const rest = readUnitOrTeen(words, start + 2, true);
    return rest ? { value: 80 + rest.value, next: rest.next } : { value: 80, next: start + 2 };
  }
  const tens = TENS_WORDS[word];
  if (tens !== undefined) {
    let next = start + 1;
    if (words[next] === 'et' || words[next] === 'and') next++;
    const rest = readUnitOrTeen(words, next, tens === 60);
    if (rest && (rest.value < 10 || tens === 60)) return { value: tens + rest.value, next: rest.next };
    return { value: tens, next: start + 1 };
  }
  return readUnitOrTeen(words, start, true);
}

function readUnitOrTeen(words: string[], start: number, teens: boolean): { value: number; next: number } | undefined {
  const word = words[start] ?? '';
  if (teens && word === 'dix' && UNIT_WORDS[words[start + 1] ?? ''] !== undefined && ['sept', 'huit', 'neuf'].includes(words[start + 1]!)) {
    return { value: 10 + UNIT_WORDS[words[start + 1]!]!, next: start + 2 };
  }
  if (teens && TEEN_WORDS[word] !== undefined) return { value: TEEN_WORDS[word]!, next: start + 1 };
  if (UNIT_WORDS[word] !== undefined) return { value: UNIT_WORDS[word]!, next: start + 1 };
  return undefined;
}

function isNumberWord(word: string): boolean {
  return UNIT_WORDS[word] !== undefined || TEEN_WORDS[word] !== undefined || TENS_WORDS[word] !== undefined;
}

/**
 * Words with which a visitor takes back what they just said, on folded text: "20k, enfin non, disons 25 000 €",
 * "in 6 months, actually make that 3", "mars, enfin plutôt avril". What follows the last one replaces what came before.
 * "voire" / "or even" widen rather than correct, and "plutôt que" / "rather than" compare: none of them is a correction.
 */
export const CORRECTION_MARKER = /\b(?:enfin non|enfin plutot|non plutot|ou plutot|plutot(?! que\b)|disons|pardon|je veux dire|je voulais dire|(?:non )?attends?(?=\s*[,.!])|en fait|correction|actually|make (?:that|it)|i mean|i meant|sorry|(?:or )?rather(?! than\b)|scratch that|(?:no|oh) wait|wait no|let'?s say|change (?:that|it) to)\b/g;

/** Where the last correction marker of folded text ends (-1 when the visitor corrects nothing). */
export function lastCorrectionEnd(folded: string): number {
  let end = -1;
  for (const m of folded.matchAll(CORRECTION_MARKER)) end = m.index + m[0].length;
  return end;
}

/**
 * Chat French drops the vowel of "je" before a consonant: "jregarde", "jdécide", "jsuis" (and "j'tranche") read as "je
 * regarde"; no French word starts with j and another consonant ("jsp", three letters, is left as it is).
 */
const SPOKEN_JE = /(^|[^\p{L}])j'?([bcdfghjklmnpqrstvwxzç]\p{L}{3,})/giu;

export function expandSpokenJe(text: string): string {
  return text.replace(SPOKEN_JE, '$1je $2');
}
