/**
 * `email`: the first e-mail address in the answer ("c'est jean.dupont@acme.fr merci"), lower-cased.
 * Value: `{ address, kind }` — kind is company | free | disposable (see email-domains.ts).
 * A likely provider typo keeps the typed address (it may be real) but adds
 * `suggestion: {key:'email_typo', params:{address}}` and a lower confidence, so the dialog can ask "did you mean…?".
 * Reasons: empty, too_long, invalid_email.
 */
import { domainToASCII } from 'node:url';
import { guardedExtractor } from '../text.js';
import { emailKind, suggestDomain, type EmailKind } from './email-domains.js';

export interface EmailValue {
  address: string;
  kind: EmailKind;
}

const MAX_ADDRESS_LENGTH = 254;
/** RFC 5321 dot-atom local part (plus RFC 6531 letters: "stéphane@…"), without quoted strings (nobody types those in a chat). */
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

export const emailExtractor = guardedExtractor<EmailValue>('email', (text) => {
  const candidates = candidateTokens(text);
  if (candidates.length === 0) return { ok: false, reason: 'invalid_email' };
  for (const candidate of candidates) {
    if (candidate.length > MAX_ADDRESS_LENGTH) return { ok: false, reason: 'too_long' };
    const address = candidate.toLowerCase();
    if (!isValidAddress(address)) continue;
    const domain = address.slice(address.lastIndexOf('@') + 1);
    const suggested = suggestDomain(domain);
    if (suggested) {
      const fixed = `${address.slice(0, address.lastIndexOf('@'))}@${suggested}`;
      return { ok: true, value: { address, kind: emailKind(domain) }, confidence: 0.5, suggestion: { key: 'email_typo', params: { address: fixed } } };
    }
    return { ok: true, value: { address, kind: emailKind(domain) }, confidence: 1 };
  }
  return { ok: false, reason: 'invalid_email' };
});

/**
 * "mark at shop.co", "my email is mark at shop.co": a spoken "at" only counts between the answer's first word (or the
 * word right after "is" / "c'est" / ":") and something that looks like a domain, so "I work at acme.com" is no address.
 */
const SPOKEN_AT = /(^|(?:\bis|\best|\bit'?s|:)\s+)([\p{L}\p{N}._+-]+)\s+at\s+(?=[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)/iu;

/** Whitespace-separated tokens holding an "@", after undoing "jean @ acme.fr", "(at)", "arobase" and stray punctuation. */
function candidateTokens(text: string): string[] {
  const joined = (text.includes('@') ? text : text.replace(SPOKEN_AT, '$1$2@'))
    .replace(/\s*(?:\(at\)|\[at\]|\{at\}|\barobase\b|＠)\s*/gi, '@')
    .replace(/\s*@\s*/g, '@')
    .replace(/\s*(?:\(dot\)|\[dot\])\s*/gi, '.');
  return joined
    .split(' ')
    .filter((token) => token.includes('@'))
    .map((token) => token.replace(/^(?:mailto:)/i, '').replace(/^[^\p{L}\p{N}]+/u, '').replace(/[^\p{L}\p{N}]+$/u, ''));
}

function isValidAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  if (at <= 0 || address.indexOf('@') !== at) return false;
  const local = address.slice(0, at);
  // Internationalised domains ("société.fr") are checked in their ASCII (punycode) form.
  const domain = domainToASCII(address.slice(at + 1));
  if (local.length > 64 || domain.length === 0 || domain.length > 253 || !LOCAL_PART.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  return labels.every((label) => DOMAIN_LABEL.test(label)) && TOP_LEVEL.test(labels[labels.length - 1]!);
}
