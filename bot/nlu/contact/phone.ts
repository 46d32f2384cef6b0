/**
 * `phone`: a phone number anywhere in the answer, as E.164 (libphonenumber-js, full metadata so
 * "valid" means a real number range, not just a plausible length).
 *
 * Country for national numbers ("06 12 34 56 78"): `ctx.defaultCountry` when given; otherwise
 * fr → FR, en → GB then US (a UK "07…" and a US "(415) 555-…" cannot be confused). Numbers typed with
 * "+44…" / "0044…" carry their own country.
 *
 * The phone is optional: a refusal ("non", "skip", "pas de téléphone", "I'd rather not") is
 * `{ok:true, value:null}` — "answered, no phone". Anything else without a valid number is
 * `{ok:false, reason:'invalid_phone'}` (or empty / too_long).
 */
import { findPhoneNumbersInText, isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import type { Locale } from '../../lead/model.js';
import { fold, guardedExtractor, hasPhrase } from '../text.js';

const FALLBACK_COUNTRIES: Record<Locale, CountryCode[]> = { fr: ['FR'], en: ['GB', 'US'] };

const DECLINE_PHRASES = [
  'non', 'nan', 'no', 'nope', 'skip', 'passer', 'je passe', 'suivant', 'next', 'none', 'aucun', 'n/a', 'na',
  'pas de telephone', 'pas de tel', 'pas de numero', 'pas de portable', 'pas de mobile', 'pas envie', 'plutot pas',
  'je prefere pas', 'je prefere ne pas', 'prefere ne pas', 'non merci', 'sans', 'pas besoin',
  'no phone', 'no thanks', 'no thank you', 'rather not', "i'd rather not", 'prefer not', "don't have", 'dont have',
  'by email', "don't give", 'dont give', 'not giving', "won't give", 'je ne donne pas', 'je donne pas', 'par mail', 'par email', 'par e-mail', 'email only', 'mail uniquement', 'pas joignable',
];

export const phoneExtractor = guardedExtractor<string | null>('phone', (text, ctx) => {
  for (const country of countriesFor(ctx.locale, ctx.defaultCountry)) {
    const found = findPhoneNumbersInText(text, { defaultCountry: country })
      .find((match) => match.number.isValid());
    if (found) return { ok: true, value: found.number.number, confidence: 1 };
  }
  if (/\d{4}/.test(text.replace(/[\s.\-()]/g, ''))) return { ok: false, reason: 'invalid_phone' };
  const folded = fold(text).replace(/[!.?,;:]+/g, ' ').trim();
  if (folded === '-' || folded === '' || hasPhrase(folded, DECLINE_PHRASES)) return { ok: true, value: null, confidence: 0.9 };
  return { ok: false, reason: 'invalid_phone' };
});

function countriesFor(locale: Locale, defaultCountry: string | undefined): CountryCode[] {
  return defaultCountry && isSupportedCountry(defaultCountry) ? [defaultCountry] : FALLBACK_COUNTRIES[locale];
}
