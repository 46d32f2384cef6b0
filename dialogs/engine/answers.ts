/**
 * Reading answers the engine itself understands: choices, yes/no, global commands, and a
 * parse by input kind for free variables that have no NLU extractor.
 */
// The two locales' modules only: the package index loads all sixteen (about 270 modules, a third of a second at start).
import * as chronoEn from 'chrono-node/en';
import * as chronoFr from 'chrono-node/fr';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Locale } from '../../core/lead/model.js';
import type { ExtractContext, ExtractResult } from '../../core/slots/extractor.js';
import type { Choice, InputKind } from './model.js';
import { pickLocale } from './messages.js';

/** Lower case, no accents, no surrounding punctuation or spaces: "  Oui ! " → "oui". */
export function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s.!,;:"'«»“”()]+$/u, '')
    .replace(/^[\s.!,;:"'«»“”()]+/u, '')
    .replace(/\s+/g, ' ');
}

export function matchesWord(text: string, words: readonly string[]): boolean {
  const said = normalize(text);
  return said !== '' && words.some((word) => normalize(word) === said);
}

/**
 * Like matchesWord, but a phrase of several words also matches at the start of the answer:
 * "no idea tbh" is "no idea". One-word commands stay exact ("sans doute 50k" is not "sans").
 */
export function startsWithPhrase(text: string, phrases: readonly string[]): boolean {
  return phraseMatcher(phrases)(text);
}

/** startsWithPhrase with the phrases normalized once, for reading many answers (the drop-off report). */
export function phraseMatcher(phrases: readonly string[]): (text: string) => boolean {
  const wanted = phrases.map(normalize);
  return (text) => {
    const said = normalize(text);
    return said !== '' && wanted.some((phrase) => phrase === said || (phrase.includes(' ') && said.startsWith(`${phrase} `)));
  };
}

/** A choice by its value, its label in any locale, or its number ("2"). */
export function matchChoice(text: string, choices: readonly Choice[]): Choice | undefined {
  const said = normalize(text);
  if (said === '') return undefined;
  if (/^\d{1,3}$/.test(said)) return choices[Number(said) - 1];
  return choices.find((choice) => normalize(choice.value) === said || Object.values(choice.label).some((label) => label !== undefined && normalize(label) === said));
}

export function choiceLabels(choices: readonly Choice[], locale: Locale): { value: string; label: string }[] {
  return choices.map((choice) => ({ value: choice.value, label: pickLocale(choice.label, locale) }));
}

const YES = ['oui', 'ouais', 'o', 'yes', 'y', 'yep', 'yeah', 'ok', 'okay', "d'accord", 'daccord', 'bien sur', 'volontiers', 'avec plaisir', 'sure', 'of course', 'absolument', 'tout a fait', 'exactement', 'oui merci', 'yes please', 'c est ca', "c'est ca", 'correct', 'true', 'j accepte', "j'accepte", 'i agree', 'agree', 'accept'];
const NO = ['non', 'n', 'no', 'nope', 'nah', 'pas du tout', 'non merci', 'no thanks', 'no thank you', 'jamais', 'false', 'je refuse', 'refuse', 'decline', 'i decline', 'pas question'];

export function parseConfirm(text: string): boolean | undefined {
  const said = normalize(text);
  // Confirms are displayed as "1. Yes  2. No".
  if (said === '1') return true;
  if (said === '2') return false;
  // "No problem" is a yes, though it starts with "no".
  if (/^no (problem|worries)\b/.test(said)) return true;
  // Checked before yes: "pas d'accord" must not read as "d'accord".
  if (NO.includes(said) || /^(non|no|nope|pas (d ?'?accord|question|du tout|maintenant)|je refuse|i (do not|don't) (agree|accept))\b/.test(said)) return false;
  // Chat spellings of yes ("ouai", "ouep", "yup") are how many visitors type it.
  if (YES.includes(said) || /^(oui|ouai|ouais|ouaip|ouep|ouip|yes|yep|yup|yeah|yea|ok|okay|okey|d ?'?accord|dac|bien sur|sure|absolument|volontiers|avec plaisir|j ?'?accepte|i agree|of course|go|pas de (souci|soucis|probleme))\b/.test(said)) return true;
  return undefined;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[a-z]{2,}$/i;

/** Parse by input kind, for slots with no extractor (designers' free variables). */
export function parseByKind(kind: InputKind, text: string, ctx: ExtractContext): ExtractResult<unknown> {
  const trimmed = text.trim();
  switch (kind) {
    case 'number': {
      const compact = trimmed.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
      const value = Number(compact);
      return compact !== '' && Number.isFinite(value) ? { ok: true, value, confidence: 1 } : { ok: false, reason: 'invalid_number' };
    }
    case 'date': {
      const parser = ctx.locale === 'fr' ? chronoFr : chronoEn;
      const date = parser.parseDate(trimmed, ctx.now, { forwardDate: true });
      return date ? { ok: true, value: date.toISOString(), confidence: 1 } : { ok: false, reason: 'invalid_date' };
    }
    case 'email': {
      const value = trimmed.toLowerCase();
      return EMAIL.test(value) ? { ok: true, value, confidence: 1 } : { ok: false, reason: 'invalid_email' };
    }
    case 'phone': {
      const phone = parsePhoneNumberFromString(trimmed, (ctx.defaultCountry ?? 'FR') as CountryCode);
      return phone?.isValid() ? { ok: true, value: phone.number, confidence: 1 } : { ok: false, reason: 'invalid_phone' };
    }
    default:
      return { ok: true, value: trimmed, confidence: 1 };
  }
}
