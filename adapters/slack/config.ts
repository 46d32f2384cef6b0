/** Slack configuration from the environment. Slack is optional: no credentials, no Slack. */

export const SLACK_DISABLED_MESSAGE = 'Slack disabled: SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are not both set';

export interface SegmentRoute {
  /** Which lead segment field to match (case-insensitive). */
  field: 'country' | 'sector';
  value: string;
  /** Slack user id of the rep to mention. */
  rep: string;
}

export interface SlackRouting {
  /** `none`: alert the channel; `round-robin`: rotate through `reps`; `segment`: first matching route, else round-robin. */
  mode: 'none' | 'round-robin' | 'segment';
  reps: readonly string[];
  segmentRoutes: readonly SegmentRoute[];
  /** Re-notify in the alert's thread when nobody claimed it within this many minutes (null: never). */
  renotifyAfterMinutes: number | null;
}

export interface SlackConfig {
  signingSecret: string;
  botToken: string;
  /** Channel id (C…) that receives alerts; without it alerts and /leads are off, conversations still work. */
  salesChannel?: string;
  /** Web API base URL (proxies, tests); Bolt's `clientOptions.slackApiUrl`. */
  apiUrl?: string;
  /** Socket Mode for development (needs an app-level token `xapp-…`). */
  socketMode: boolean;
  appToken?: string;
  routing: SlackRouting;
  /** Also alert when a captured (not yet qualified) lead is hot. */
  alertHotCaptured: boolean;
}

export type SlackEnv = Record<string, string | undefined>;

/** Null when the credentials are missing; throws on a malformed value so a typo is not silent. */
export function slackConfigFromEnv(env: SlackEnv): SlackConfig | null {
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim();
  const botToken = env.SLACK_BOT_TOKEN?.trim();
  if (!signingSecret || !botToken) return null;
  const socketMode = flag(env, 'SLACK_SOCKET_MODE', false);
  const appToken = env.SLACK_APP_TOKEN?.trim() || undefined;
  if (socketMode && !appToken) throw new Error('SLACK_SOCKET_MODE=true needs SLACK_APP_TOKEN (an xapp-… app-level token)');
  return {
    signingSecret,
    botToken,
    salesChannel: env.SLACK_SALES_CHANNEL?.trim() || undefined,
    apiUrl: env.SLACK_API_URL?.trim() || undefined,
    socketMode,
    appToken,
    routing: routingFromEnv(env),
    alertHotCaptured: flag(env, 'SLACK_ALERT_HOT_CAPTURED', false),
  };
}

function routingFromEnv(env: SlackEnv): SlackRouting {
  const mode = env.SLACK_ROUTING?.trim() || 'none';
  if (mode !== 'none' && mode !== 'round-robin' && mode !== 'segment') {
    throw new Error(`SLACK_ROUTING must be none, round-robin or segment (got "${mode}")`);
  }
  const reps = list(env.SLACK_REPS);
  const segmentRoutes = list(env.SLACK_SEGMENT_REPS).map(parseSegmentRoute);
  if (mode === 'round-robin' && reps.length === 0) throw new Error('SLACK_ROUTING=round-robin needs SLACK_REPS (comma-separated Slack user ids)');
  if (mode === 'segment' && segmentRoutes.length === 0) throw new Error('SLACK_ROUTING=segment needs SLACK_SEGMENT_REPS, e.g. "country=FR:U123,sector=retail:U456"');
  const minutes = env.SLACK_RENOTIFY_MINUTES?.trim();
  const renotifyAfterMinutes = minutes ? Number(minutes) : null;
  if (renotifyAfterMinutes !== null && !(Number.isFinite(renotifyAfterMinutes) && renotifyAfterMinutes >= 0)) {
    throw new Error(`SLACK_RENOTIFY_MINUTES must be a number of minutes (got "${minutes}")`);
  }
  return { mode, reps, segmentRoutes, renotifyAfterMinutes: renotifyAfterMinutes || null };
}

/** `country=FR:U123` or `sector=retail:U456`. */
function parseSegmentRoute(entry: string): SegmentRoute {
  const match = /^(country|sector)=([^:]+):([A-Z0-9]+)$/i.exec(entry);
  if (!match) throw new Error(`SLACK_SEGMENT_REPS entry "${entry}" must look like country=FR:U123 or sector=retail:U456`);
  const [, field, value, rep] = match as unknown as [string, 'country' | 'sector', string, string];
  return { field: field.toLowerCase() as SegmentRoute['field'], value, rep: rep.toUpperCase() };
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function flag(env: SlackEnv, name: string, fallback: boolean): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (!value) return fallback;
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new Error(`${name} must be true or false (got "${env[name]}")`);
}
