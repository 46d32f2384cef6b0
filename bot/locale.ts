/**
 * Which language to speak: the channel's locale when it sends one, else a guess from the
 * visitor's first words, else the configured default (French-first product). A visitor who
 * clearly writes in the other language (clearLocale) is answered in it, whatever the page says.
 */
import type { Locale } from '../core/lead/model.js';

const ENGLISH = /\b(hello|hi|hey|good (morning|afternoon|evening)|thanks?|please|i am|i'm|i want|i need|we are|looking for|what|how)\b/i;
const FRENCH = /\b(bonjour|bonsoir|salut|coucou|merci|je suis|je veux|nous|cherche|quel|comment|s'il vous pla[iî]t)\b/i;

export function localeFromTag(tag: string | undefined): Locale | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'fr' || primary === 'en' ? primary : undefined;
}

/** The region of a locale tag ("en-US" → "US"), for national phone numbers; none for "en". */
export function countryFromTag(tag: string | undefined): string | undefined {
  const region = tag?.trim().split(/[-_]/)[1];
  return region && /^[A-Za-z]{2}$/.test(region) ? region.toUpperCase() : undefined;
}

export function guessLocale(text: string | undefined): Locale | undefined {
  if (!text) return undefined;
  const sample = text.slice(0, 500);
  const en = ENGLISH.test(sample);
  const fr = FRENCH.test(sample);
  if (en !== fr) return en ? 'en' : 'fr';
  return undefined;
}

/** Function words and greetings that only one of the two languages uses. */
const CUES: Record<Locale, ReadonlySet<string>> = {
  en: new Set(['the', 'and', 'is', 'are', 'my', 'our', 'we', 'you', 'i', "i'm", 'im', 'for', 'with', 'what', 'how', 'do', 'does', 'looking', 'need', 'want', 'hello', 'hi', 'hey', 'thanks', 'please', 'speak', 'english', 'would', 'like', 'about', 'this', 'that']),
  fr: new Set(['le', 'la', 'les', 'et', 'est', 'je', 'nous', 'vous', 'pour', 'avec', 'des', 'une', 'du', 'mon', 'ma', 'mes', 'notre', 'nos', 'bonjour', 'salut', 'merci', 'cherche', 'parlez', 'français', 'francais', 'pas', 'ne', 'voudrais', 'aimerais']),
};
/** Distinct cue words needed before the visitor's words override the channel's language. */
const CLEAR_CUES = 3;

/**
 * The language the visitor clearly writes in: several cue words of one language and none of the
 * other. Strong enough to beat the page language ("Hi, do you speak English?" on a French page);
 * a lone "Hello" on a French page is not.
 */
export function clearLocale(text: string | undefined): Locale | undefined {
  if (!text) return undefined;
  const words = new Set(text.slice(0, 500).toLowerCase().replace(/[’‘]/g, "'").match(/[\p{L}']+/gu) ?? []);
  const en = [...words].filter((word) => CUES.en.has(word)).length;
  // French elisions (j'ai, c'est, qu'on, l'équipe) are French cues too.
  const fr = [...words].filter((word) => CUES.fr.has(word) || /^(j|c|qu|n|d|l)'\p{L}/u.test(word)).length;
  if (en >= CLEAR_CUES && fr === 0) return 'en';
  if (fr >= CLEAR_CUES && en === 0) return 'fr';
  return undefined;
}

export function resolveLocale(tag: string | undefined, text: string | undefined, fallback: Locale): Locale {
  return localeFromTag(tag) ?? guessLocale(text) ?? fallback;
}
