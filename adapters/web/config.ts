/**
 * Web channel configuration (config/widget.yaml): origins, limits, widget look and proactive
 * triggers. Validated with ajv so a typo is reported as file:line:col with a hint.
 */
import { fromRoot } from '../../core/paths.js';
import type { JSONSchemaType } from 'ajv';
import { ConfigFileError, configSchema, loadValidatedYaml } from '../../core/config/validated-yaml.js';
import { schemaValidator } from '../../core/validation/schema-validator.js';
import type { PublicTrigger, PublicWidgetConfig } from './protocol.js';

export interface RateLimitRule {
  points: number;
  durationSec: number;
}

export interface TriggerConfig extends PublicTrigger {
  /** First message shown when the trigger opens the widget, per locale (`fr`, `en`…). */
  message: Record<string, string>;
}

export interface WebChannelConfig {
  /** Exact origins (`https://www.example.com`) allowed to embed the widget, or `*`. Same-origin is always allowed. */
  allowedOrigins: string[];
  /** Take the client IP from X-Forwarded-For (only behind a trusted proxy). */
  trustProxy: boolean;
  limits: { maxBodyBytes: number; maxTextLength: number; maxEventsPerRequest: number };
  rateLimits: { visitor: RateLimitRule; ip: RateLimitRule };
  /** Open streams also follow the store, so messages written by other bot processes reach them (README: replicas). */
  replicas: { pollIntervalMs: number; gapGraceMs: number };
  widget: Omit<PublicWidgetConfig, 'triggers' | 'excludePaths'>;
  excludePaths: string[];
  triggers: TriggerConfig[];
}

const rule: JSONSchemaType<RateLimitRule> = {
  type: 'object',
  additionalProperties: false,
  required: ['points', 'durationSec'],
  properties: { points: { type: 'integer', minimum: 1 }, durationSec: { type: 'integer', minimum: 1 } },
};

const stringList = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

const schema = {
  type: 'object',
  additionalProperties: false,
  required: [],
  properties: {
    allowedOrigins: { ...stringList, default: [] },
    trustProxy: { type: 'boolean', default: false },
    limits: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        maxBodyBytes: { type: 'integer', minimum: 256, default: 8192 },
        maxTextLength: { type: 'integer', minimum: 1, default: 2000 },
        maxEventsPerRequest: { type: 'integer', minimum: 1, default: 20 },
      },
    },
    rateLimits: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        visitor: { ...rule, default: { points: 20, durationSec: 10 } },
        ip: { ...rule, default: { points: 300, durationSec: 60 } },
      },
    },
    replicas: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        pollIntervalMs: { type: 'integer', minimum: 50, maximum: 60_000, default: 1000 },
        gapGraceMs: { type: 'integer', minimum: 0, maximum: 60_000, default: 3000 },
      },
    },
    widget: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        botName: { type: 'string', minLength: 1, maxLength: 60, default: 'Assistant' },
        avatarUrl: { type: 'string', pattern: '^(https?://|/)' },
        themeColor: { type: 'string', pattern: '^#[0-9a-fA-F]{3,8}$', default: '#4f46e5' },
        position: { enum: ['bottom-right', 'bottom-left'], default: 'bottom-right' },
        defaultLocale: { type: 'string', pattern: '^[a-z]{2}$', default: 'fr' },
        visitTimeoutMinutes: { type: 'integer', minimum: 1, default: 30 },
      },
    },
    excludePaths: { ...stringList, default: [] },
    triggers: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'when', 'message'],
        properties: {
          id: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,64}$' },
          exclude: stringList,
          message: { type: 'object', minProperties: 1, additionalProperties: { type: 'string', minLength: 1 } },
          when: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
              path: stringList,
              secondsOnPage: { type: 'number', minimum: 0 },
              returningVisitor: { type: 'boolean' },
              pageViews: {
                type: 'object',
                additionalProperties: false,
                required: ['match', 'count'],
                properties: { match: { type: 'string' }, count: { type: 'integer', minimum: 1 }, distinct: { type: 'boolean' } },
              },
            },
          },
        },
      },
    },
  },
} as const;

const validate = schemaValidator({ name: 'web-channel-config', schema, options: { useDefaults: true, allErrors: true } });
const WIDGET_FILE = configSchema<WebChannelConfig>('widget', schema, { useDefaults: true });

/** Validate a parsed configuration object and fill in defaults. Throws with every problem listed. */
export function parseWebChannelConfig(raw: unknown, source = 'web channel config'): WebChannelConfig {
  const value = structuredClone(raw ?? {});
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
    throw new Error(`${source}: ${problems}`);
  }
  return value as unknown as WebChannelConfig;
}

export class WidgetConfigError extends ConfigFileError {}

/** Load `config/widget.yaml` (or another file); `extraOrigins` (WIDGET_ALLOWED_ORIGINS) are allowed on top of the file's. */
export async function loadWebChannelConfig(file = fromRoot('config/widget.yaml'), extraOrigins: readonly string[] = []): Promise<WebChannelConfig> {
  const config = loadValidatedYaml(file, WIDGET_FILE, WidgetConfigError);
  return { ...config, allowedOrigins: [...new Set([...config.allowedOrigins, ...extraOrigins])] };
}

/** What `GET /api/web/config` serves: the widget settings and triggers without server-only fields. */
export function publicWidgetConfig(config: WebChannelConfig): PublicWidgetConfig {
  return {
    ...config.widget,
    excludePaths: config.excludePaths,
    triggers: config.triggers.map(({ id, when, exclude }) => ({ id, when, ...(exclude ? { exclude } : {}) })),
  };
}
