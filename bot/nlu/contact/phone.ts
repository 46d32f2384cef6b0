/**
 * `phone`: a phone number anywhere in the answer, as E.164 (libphonenumber-js, full metadata so
 * "valid" means a real number range, not just a plausible length).
 *
 * Country for national numbers ("06 12 34 56 78"): `ctx.defaultCountry` when given; otherwise
 * fr → FR, en → GB then US (a UK "07…" and a US "(415) 555-…" cannot be confused). Numbers typed with
 * "+44…" / "0044…" carry their own country.
 *
 * The phone is optional: a refusal ("non", "skip", "pas de téléphone", "I'd rather not") is
 * `{ok:true, value:null}` — "answered, no phone". A number typed alone with a possible length but
 * in no allocated range ("07 00 00 00 00") is `{ok:false, reason:'unverified_phone', unverified}`:
 * the dialog keeps it, flagged unverified, if the visitor types it again. Anything else without a
 * valid number is `{ok:false, reason:'invalid_phone'}` (or empty / too_long).
 */
import { findPhoneNumbersInText, isSupportedCountry, parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import type { Locale } from '../../../core/lead/model.js';
import { fold, guardedExtractor, hasPhrase, numberWordsToDigits } from '../text.js';

/** French overseas departments share France's national format (\"0690…\" is Guadeloupe). */
const FALLBACK_COUNTRIES: Record<Locale, CountryCode[]> = { fr: ['FR', 'GP', 'MQ', 'GF', 'RE', 'YT'], en: ['GB', 'US'] };

/** Digit groups in one phone number at most (\"0 6 1 2 3 4 5 6 7 8\"), and how many groups we look at. */
const MAX_GROUPS = 10;
/** A phone answer is short; longer text is refused before libphonenumber scans it once per candidate country. */
const MAX_PHONE_ANSWER_LENGTH = 200;
const MAX_GROUP_SCAN = 16;
const MIN_NUMBER_DIGITS = 9;
const MAX_E164_DIGITS = 15;

const DECLINE_PHRASES = [
  'non', 'nan', 'no', 'nope', 'skip', 'passer', 'je passe', 'suivant', 'next', 'none', 'aucun', 'n/a', 'na',
  'pas de telephone', 'pas de tel', 'pas de numero', 'pas de portable', 'pas de mobile', 'pas envie', 'plutot pas',
  'je prefere pas', 'je prefere ne pas', 'prefere ne pas', 'non merci', 'sans', 'pas besoin',
  'no phone', 'no thanks', 'no thank you', 'rather not', "i'd rather not", 'prefer not', "don't have", 'dont have',
  'by email', "don't give", 'dont give', 'not giving', "won't give", 'je ne donne pas', 'je donne pas', 'ne souhaite pas', 'je souhaite pas', 'not willing', 'par mail', 'par email', 'par e-mail', 'email only', 'mail uniquement', 'pas joignable',
];

export const phoneExtractor = guardedExtractor<string | null>('phone', (text, ctx) => {
  if (text.length > MAX_PHONE_ANSWER_LENGTH) return { ok: false, reason: 'too_long' };
  const countries = countriesFor(ctx.locale, ctx.defaultCountry);
  const written = digitsAsTyped(text);
  const found = findInText(written, countries) ?? findInDigitGroups(written, countries);
  if (found) return { ok: true, value: found, confidence: 1 };
  const unallocated = findUnallocated(written, countries);
  if (unallocated) return { ok: false, reason: 'unverified_phone', unverified: { e164: unallocated, verified: false } };
  if (/\d{4}/.test(text.replace(/[\s.\-()]/g, ''))) return { ok: false, reason: 'invalid_phone' };
  const folded = fold(text).replace(/[!.?,;:]+/g, ' ').trim();
  if (folded === '-' || folded === '' || hasPhrase(folded, DECLINE_PHRASES)) return { ok: true, value: null, confidence: 0.9 };
  return { ok: false, reason: 'invalid_phone' };
});

/**
 * The answer with its digits the way libphonenumber reads them: slashes between digit groups
 * ("06/12/34/56/78") become spaces, and a number spelt out ("zéro six douze…", "four one five…") becomes digits.
 */
function digitsAsTyped(text: string): string {
  const slashless = text.replace(/(?<=\d)\s*\/\s*(?=\d)/g, ' ');
  const folded = fold(slashless);
  const spelt = numberWordsToDigits(folded, { articles: true });
  return spelt.replace(/\D/g, '').length > slashless.replace(/\D/g, '').length + 2 ? spelt : slashless;
}

function findInText(text: string, countries: CountryCode[]): string | undefined {
  for (const country of countries) {
    const found = findPhoneNumbersInText(text, { defaultCountry: country })
      .find((match) => match.number.isValid() && writtenAsIn(text.slice(match.startsAt, match.endsAt), match.number));
    if (found) return found.number.number;
  }
  return undefined;
}

/**
 * Fallback for numbers run together with other digits ("06 12 34 56 78 06 12 34 56 78", a number typed
 * twice): try each run of up to MAX_GROUPS consecutive digit groups on its own.
 */
function findInDigitGroups(text: string, countries: CountryCode[]): string | undefined {
  const groups = text.split(/\s+/).filter((g) => /^\+?[\d().-]+$/.test(g)).slice(0, MAX_GROUP_SCAN);
  const digitCount = (g: string[]) => g.join('').replace(/\D/g, '').length;
  if (digitCount(groups) <= MAX_E164_DIGITS) return undefined;
  for (let start = 0; start < groups.length; start++) {
    for (let end = Math.min(groups.length, start + MAX_GROUPS); end > start + 1; end--) {
      const window = groups.slice(start, end);
      const digits = digitCount(window);
      if (digits < MIN_NUMBER_DIGITS || digits > MAX_E164_DIGITS) continue;
      const raw = window.join(' ');
      for (const country of countries) {
        const number = parsePhoneNumberFromString(raw, country);
        if (number?.isValid() && writtenAsIn(raw, number)) return number.number;
      }
    }
  }
  return undefined;
}

/** An answer that is only a number, of a possible length for the country, though no allocated range holds it. */
function findUnallocated(text: string, countries: CountryCode[]): string | undefined {
  if (!/^\+?[\d\s().-]+$/.test(text)) return undefined;
  for (const country of countries) {
    const number = parsePhoneNumberFromString(text, country);
    if (number?.isPossible() && writtenInFull(text, number)) return number.number;
  }
  return undefined;
}

/**
 * Every digit typed is the number's, national or international, and the trunk 0 was not kept as a
 * digit of the number ("07 00 00 00 0" is not a French number; an unallocated Italian 0… number is
 * not offered either, the price of that rule).
 */
function writtenInFull(raw: string, number: PhoneNumber): boolean {
  if (number.nationalNumber.startsWith('0')) return false;
  const typed = raw.replace(/\D/g, '');
  const international = number.formatInternational().replace(/\D/g, '');
  return [number.formatNational().replace(/\D/g, ''), international, `00${international}`].includes(typed);
}

/**
 * A national number must be written the way that country writes it: "305 674 1234" is a valid GB number
 * without its trunk 0, but nobody in the UK types it like that — it is a US number.
 */
function writtenAsIn(raw: string, number: PhoneNumber): boolean {
  if (/^\s*(?:\+|00)/.test(raw) || /^\(\+/.test(raw.trim())) return true;
  const typed = raw.replace(/\D/g, '');
  const national = number.formatNational().replace(/\D/g, '');
  // "14155552671": the country code typed without its "+".
  if (typed === `${number.countryCallingCode}${number.nationalNumber}`) return true;
  return typed.startsWith(national.slice(0, 2)) || national.startsWith(typed.slice(0, 2));
}

function countriesFor(locale: Locale, defaultCountry: string | undefined): CountryCode[] {
  return defaultCountry && isSupportedCountry(defaultCountry) ? [defaultCountry] : FALLBACK_COUNTRIES[locale];
}
