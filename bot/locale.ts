/**
 * Which language to speak: the channel's locale when it sends one, else a guess from the
 * visitor's first words, else the configured default (French-first product).
 */
import type { Locale } from './lead/model.js';

const ENGLISH = /\b(hello|hi|hey|good (morning|afternoon|evening)|thanks?|please|i am|i'm|i want|i need|we are|looking for|what|how)\b/i;
const FRENCH = /\b(bonjour|bonsoir|salut|coucou|merci|je suis|je veux|nous|cherche|quel|comment|s'il vous pla[iî]t)\b/i;

export function localeFromTag(tag: string | undefined): Locale | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'fr' || primary === 'en' ? primary : undefined;
}

export function guessLocale(text: string | undefined): Locale | undefined {
  if (!text) return undefined;
  const sample = text.slice(0, 500);
  const en = ENGLISH.test(sample);
  const fr = FRENCH.test(sample);
  if (en !== fr) return en ? 'en' : 'fr';
  return undefined;
}

export function resolveLocale(tag: string | undefined, text: string | undefined, fallback: Locale): Locale {
  return localeFromTag(tag) ?? guessLocale(text) ?? fallback;
}
