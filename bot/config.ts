/**
 * Process configuration, read once from the environment. Everything has a working default so
 * `npm start` needs no set-up; production settings are documented in the README.
 */
import path from 'node:path';
import type { Locale } from '../core/lead/model.js';
import { PROJECT_ROOT } from '../core/paths.js';

export interface AppConfig {
  port: number;
  host: string;
  /** Public base URL (links in Slack alerts). */
  publicUrl: string;
  dataDir: string;
  /** Embedded store: fsync every commit (`full`, survives a power cut) or leave it to the OS (`normal`, survives `kill -9`). */
  sqliteSynchronous: 'full' | 'normal';
  mongodbUri?: string;
  mongodbDb?: string;
  /** Days kept: anonymous transcripts and idle conversation state; delivered outbox items. */
  retention: { anonymousDays: number; deliveredDays: number };
  /** Admin API bearer token; the admin API answers 503 when unset. */
  adminToken?: string;
  defaultLocale: Locale;
  scriptsDir: string;
  /** Entry script of the conversation (file name without .yaml). */
  mainScript: string;
  scoringFile: string;
  /** Widget, allowed origins, rate limits and proactive triggers. */
  widgetFile: string;
  /** Origins allowed to embed the widget on top of widget.yaml's `allowedOrigins` (WIDGET_ALLOWED_ORIGINS). */
  widgetAllowedOrigins: string[];
  /** Project catalogue the `project` answer is matched against. */
  catalogueFile: string;
  /** Sales team availability for live hand-off: time zone, opening hours, call-back slots. */
  teamFile: string;
  /** Country assumed for national phone numbers (ISO 3166-1 alpha-2). */
  defaultCountry: string;
  /** Reload edited files (scripts, scoring rules, widget, catalogue) without a restart. */
  watchFiles: boolean;
  /** Bot Framework credentials; none → anonymous activities are accepted (Emulator, tests). */
  microsoftAppId?: string;
  /** Open website event streams (SSE) allowed per client IP (WEB_STREAMS_PER_IP); unset → the web channel's default. */
  webStreamsPerIp?: number;
  /** Largest accepted request body on the Bot Framework endpoint. */
  maxActivityBytes: number;
  /** Console (`/console`): named users file, session signing secret (default: from ADMIN_TOKEN), session lifetime. */
  console: { usersFile?: string; sessionSecret?: string; sessionHours: number; signInPerMinute: number };
  /** CRM hand-off webhooks: endpoints and the shared signing secret. */
  webhooks: { urls: string[]; secret?: string };
  /** E-mail to leads (SMTP_URL, MAIL_FROM); absent → no e-mail is sent or promised. Templates in `mailTemplatesDir`. */
  mail?: { smtpUrl: string; from: string };
  mailTemplatesDir: string;
  env: NodeJS.ProcessEnv;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

function atLeastOne(env: NodeJS.ProcessEnv, name: string, fallback: number, unit = ''): number {
  const n = int(env, name, fallback);
  if (n < 1) throw new ConfigError(`${name} must be at least 1${unit}, got "${env[name]}"`);
  return n;
}

const days = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => atLeastOne(env, name, fallback, ' (days)');

function sqliteSynchronous(raw: string | undefined): AppConfig['sqliteSynchronous'] {
  if (raw === undefined || raw === '') return 'full';
  if (raw === 'full' || raw === 'normal') return raw;
  throw new ConfigError(`SQLITE_SYNCHRONOUS must be "full" or "normal", got "${raw}"`);
}

function locale(raw: string | undefined): Locale {
  if (raw === undefined || raw === '') return 'fr';
  if (raw === 'fr' || raw === 'en') return raw;
  throw new ConfigError(`DEFAULT_LOCALE must be "fr" or "en", got "${raw}"`);
}

/** A comma-separated list of exact origins (`https://www.example.com`) or `*`. */
function origins(raw: string | undefined): string[] {
  const list = (raw ?? '').split(',').map((o) => o.trim()).filter((o) => o !== '');
  for (const origin of list) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (origin !== '*' && (parsed === undefined || parsed.origin !== origin.replace(/\/$/, ''))) {
      throw new ConfigError(`WIDGET_ALLOWED_ORIGINS: "${origin}" is not an origin; write scheme://host[:port] with no path, e.g. https://www.example.com`);
    }
  }
  return list.map((o) => o.replace(/\/$/, ''));
}

function webhooks(env: NodeJS.ProcessEnv): AppConfig['webhooks'] {
  const urls = (nonEmpty(env.WEBHOOK_URLS) ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  for (const url of urls) {
    if (!/^https?:\/\/[^\s]+$/.test(url) || !URL.canParse(url)) throw new ConfigError(`WEBHOOK_URLS: "${url}" is not an http(s) URL`);
  }
  const secret = nonEmpty(env.WEBHOOK_SECRET);
  if (urls.length > 0 && (!secret || secret.length < 16)) throw new ConfigError('WEBHOOK_SECRET (at least 16 characters) is needed to sign the webhooks of WEBHOOK_URLS');
  return { urls, ...(secret && { secret }) };
}

function mail(env: NodeJS.ProcessEnv): AppConfig['mail'] {
  const smtpUrl = nonEmpty(env.SMTP_URL);
  const from = nonEmpty(env.MAIL_FROM);
  if (!smtpUrl && !from) return undefined;
  if (!smtpUrl || !/^smtps?:$/.test(URL.canParse(smtpUrl) ? new URL(smtpUrl).protocol : '')) {
    throw new ConfigError('SMTP_URL must be set to smtp://user:pass@host:587 (or smtps://…:465) when MAIL_FROM is set');
  }
  // One address, optionally with a display name: "Acme Sales <sales@example.com>".
  if (!from || /[\r\n]/.test(from) || !/^(?:[^<>@]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/.test(from)) {
    throw new ConfigError(`MAIL_FROM must be one sender address, e.g. "Acme Sales <sales@example.com>", got "${from ?? ''}"`);
  }
  return { smtpUrl, from };
}

const nonEmpty = (v: string | undefined): string | undefined => (v && v.trim() !== '' ? v.trim() : undefined);

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  // Shipped files (scripts, config) are found from the project root; paths given in the env are relative to the cwd.
  const file = (name: string, fallback: string): string => (nonEmpty(env[name]) ? path.resolve(cwd, env[name]!.trim()) : path.join(PROJECT_ROOT, fallback));
  const port = int(env, 'PORT', 3978);
  const host = nonEmpty(env.HOST) ?? '0.0.0.0';
  return {
    port,
    host,
    publicUrl: (nonEmpty(env.PUBLIC_URL) ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    dataDir: path.resolve(cwd, nonEmpty(env.DATA_DIR) ?? '.data'),
    sqliteSynchronous: sqliteSynchronous(nonEmpty(env.SQLITE_SYNCHRONOUS)),
    mongodbUri: nonEmpty(env.MONGODB_URI),
    mongodbDb: nonEmpty(env.MONGODB_DB),
    retention: { anonymousDays: days(env, 'RETENTION_ANONYMOUS_DAYS', 30), deliveredDays: days(env, 'RETENTION_DELIVERED_DAYS', 30) },
    adminToken: nonEmpty(env.ADMIN_TOKEN),
    defaultLocale: locale(nonEmpty(env.DEFAULT_LOCALE)),
    scriptsDir: file('SCRIPTS_DIR', 'dialogs/scripts'),
    mainScript: nonEmpty(env.MAIN_SCRIPT) ?? 'qualification',
    scoringFile: file('SCORING_FILE', 'config/scoring.yaml'),
    widgetFile: file('WIDGET_CONFIG', 'config/widget.yaml'),
    widgetAllowedOrigins: origins(env.WIDGET_ALLOWED_ORIGINS),
    catalogueFile: file('CATALOGUE_FILE', 'config/catalogue.yaml'),
    teamFile: file('TEAM_CONFIG', 'config/team.yaml'),
    defaultCountry: (nonEmpty(env.DEFAULT_COUNTRY) ?? 'FR').toUpperCase(),
    watchFiles: env.WATCH_FILES !== undefined ? env.WATCH_FILES === 'true' : env.NODE_ENV !== 'production',
    microsoftAppId: nonEmpty(env.MicrosoftAppId),
    ...(nonEmpty(env.WEB_STREAMS_PER_IP) && { webStreamsPerIp: atLeastOne(env, 'WEB_STREAMS_PER_IP', 1) }),
    maxActivityBytes: int(env, 'MAX_ACTIVITY_BYTES', 64 * 1024),
    console: {
      ...(nonEmpty(env.CONSOLE_USERS_FILE) && { usersFile: path.resolve(cwd, env.CONSOLE_USERS_FILE!.trim()) }),
      ...(nonEmpty(env.CONSOLE_SESSION_SECRET) && { sessionSecret: env.CONSOLE_SESSION_SECRET!.trim() }),
      sessionHours: int(env, 'CONSOLE_SESSION_HOURS', 8) || 8,
      signInPerMinute: int(env, 'CONSOLE_SIGN_IN_PER_MINUTE', 10) || 10,
    },
    webhooks: webhooks(env),
    mail: mail(env),
    mailTemplatesDir: file('MAIL_TEMPLATES_DIR', 'config/mail'),
    env,
  };
}
