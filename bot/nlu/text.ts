/**
 * Input hygiene and text folding shared by every extractor. Extractors see whatever a visitor (or an
 * attacker) typed, so everything goes through `guardedExtractor`: non-strings, control characters and
 * oversized input are dealt with *before* any regular expression runs, and nothing ever throws.
 */
import type { ExtractContext, ExtractResult, Extractor } from './types.js';

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

/** Lower case without diacritics ("Début" → "debut"), for matching keywords the way visitors type them. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae');
}

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
