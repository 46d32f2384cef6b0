/**
 * What an e-mail domain says about a lead: company domain (B2B signal), free mail, or a disposable
 * inbox; plus "did you mean" for typos of the big free providers (gmial.com → gmail.com).
 */
import { createRequire } from 'node:module';
import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/index.js';
import { SortedJsonStrings } from './sorted-json-strings.js';

export type EmailKind = 'company' | 'free' | 'disposable';

const require = createRequire(import.meta.url);
/**
 * About 120,000 domains: searched in the bytes of the package's sorted JSON file (2.9 MB, outside the JS heap) rather
 * than parsed into a Set (7.5 MB of heap).
 */
const disposableDomains = SortedJsonStrings.fromFile(require.resolve('disposable-email-domains'));
/** Domains whose every sub-domain is disposable too. */
const disposableWildcards = new Set<string>(require('disposable-email-domains/wildcard.json') as string[]);

/** Free mail providers visitors actually use in FR/BE/CH/UK/US; also the targets of typo suggestions. */
const FREE_PROVIDERS = [
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.fr', 'yahoo.co.uk', 'ymail.com', 'hotmail.com', 'hotmail.fr',
  'hotmail.co.uk', 'outlook.com', 'outlook.fr', 'live.com', 'live.fr', 'live.co.uk', 'msn.com', 'icloud.com', 'me.com',
  'mac.com', 'aol.com', 'aol.fr', 'orange.fr', 'wanadoo.fr', 'free.fr', 'sfr.fr', 'neuf.fr', 'laposte.net', 'bbox.fr',
  'numericable.fr', 'club-internet.fr', 'gmx.fr', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'protonmail.com', 'proton.me',
  'pm.me', 'tutanota.com', 'yandex.com', 'yandex.ru', 'mail.ru', 'mail.com', 'skynet.be', 'bluewin.ch', 'btinternet.com',
  'sky.com', 'virginmedia.com', 'comcast.net', 'verizon.net', 'att.net', 'qq.com', '163.com', 'libero.it', 'hey.com',
];
const freeProviders = new Set(FREE_PROVIDERS);
/** Only the big ones are worth a typo suggestion; suggesting "sfr.fr" for "sf.fr" would annoy real companies. */
const TYPO_TARGETS = ['gmail.com', 'yahoo.com', 'yahoo.fr', 'hotmail.com', 'hotmail.fr', 'outlook.com', 'outlook.fr',
  'icloud.com', 'orange.fr', 'wanadoo.fr', 'laposte.net', 'protonmail.com', 'googlemail.com'];

export function emailKind(domain: string): EmailKind {
  if (isDisposable(domain)) return 'disposable';
  return freeProviders.has(domain) ? 'free' : 'company';
}

function isDisposable(domain: string): boolean {
  if (disposableDomains.has(domain)) return true;
  const labels = domain.split('.');
  for (let i = 1; i < labels.length - 1; i++) {
    if (disposableWildcards.has(labels.slice(i).join('.'))) return true;
  }
  return disposableWildcards.has(domain);
}

/** The provider domain the visitor most likely meant, or undefined when the domain looks intended. */
export function suggestDomain(domain: string): string | undefined {
  if (freeProviders.has(domain) || disposableDomains.has(domain)) return undefined;
  let best: { target: string; distance: number } | undefined;
  for (const target of TYPO_TARGETS) {
    if (Math.abs(target.length - domain.length) > 2) continue;
    const distance = DamerauLevenshteinDistance(domain, target, { restricted: true });
    if (distance <= allowedDistance(target) && (!best || distance < best.distance)) best = { target, distance };
  }
  return best?.target ?? suggestByProviderName(domain);
}

function allowedDistance(target: string): number {
  return target.length >= 10 ? 2 : 1;
}

/** "gmail.fr", "gmail.co", "hotmail.con": right provider, wrong or mistyped TLD. */
function suggestByProviderName(domain: string): string | undefined {
  const [name, ...rest] = domain.split('.');
  if (rest.length !== 1) return undefined;
  const tld = rest[0]!;
  if (name === 'gmail' && tld !== 'com') return 'gmail.com';
  if ((name === 'hotmail' || name === 'outlook' || name === 'yahoo') && !['com', 'fr'].includes(tld)) {
    return `${name}.${tld.startsWith('f') ? 'fr' : 'com'}`;
  }
  return undefined;
}
