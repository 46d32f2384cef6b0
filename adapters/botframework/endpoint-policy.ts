/**
 * Who may use `POST /api/messages` and where replies may go. With Bot Framework credentials
 * (MicrosoftAppId) botbuilder authenticates every activity and its serviceUrl (a signed claim).
 * Without them nobody vouches for anything in the activity, so:
 *   - in production anonymous activities are refused unless ALLOW_ANONYMOUS_BOT=true (Emulator);
 *   - replies are POSTed only to a serviceUrl on the allow-list (BOT_SERVICE_URLS, origins
 *     separated by commas; outside production loopback origins are trusted for the Emulator);
 *     `deliveryMode: "expectReplies"` needs no outbound call and is always possible.
 */
import { ConfigError } from '../../bot/config.js';

export interface EndpointPolicy {
  /** No credentials: activities are not authenticated. */
  anonymous: boolean;
  /** Anonymous activities are refused (production without ALLOW_ANONYMOUS_BOT). */
  refuseAnonymous: boolean;
  /** Is a reply to this serviceUrl allowed? */
  trustsServiceUrl(serviceUrl: string): boolean;
  /** What the allow-list is, for the start-up log. */
  describeTrust(): string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function endpointPolicyFromEnv(env: NodeJS.ProcessEnv): EndpointPolicy {
  const anonymous = !env.MicrosoftAppId?.trim();
  const production = env.NODE_ENV === 'production';
  const allowAnonymous = env.ALLOW_ANONYMOUS_BOT === 'true';
  const origins = new Set((env.BOT_SERVICE_URLS ?? '').split(',').map((entry) => entry.trim()).filter(Boolean).map(originOf));
  const loopbackTrusted = !production;
  return {
    anonymous,
    refuseAnonymous: anonymous && production && !allowAnonymous,
    trustsServiceUrl(serviceUrl) {
      if (!anonymous) return true; // botbuilder checked the serviceUrl claim of the token
      let url: URL;
      try {
        url = new URL(serviceUrl);
      } catch {
        return false;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
      return origins.has(url.origin) || (loopbackTrusted && LOOPBACK.has(url.hostname));
    },
    describeTrust() {
      const list = [...origins, ...(loopbackTrusted ? ['loopback (not production)'] : [])];
      return list.length > 0 ? list.join(', ') : 'none (only deliveryMode "expectReplies")';
    },
  };
}

function originOf(entry: string): string {
  try {
    const url = new URL(entry);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    return url.origin;
  } catch {
    throw new ConfigError(`BOT_SERVICE_URLS: "${entry}" is not an http(s) URL`);
  }
}
