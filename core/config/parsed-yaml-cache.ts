/**
 * Plain data of YAML files parsed by the build (dist/yaml/<hash>.json, bot/build/yaml-cache.ts),
 * so a start reads JSON instead of parsing about 190 kB of YAML with positions. Keyed by a hash of
 * the text, the yaml version and the parse options: an edited file simply misses and is parsed.
 * Only files without errors are cached, and only when JSON keeps their data exactly.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';

export const PARSED_YAML_DIR = path.join(PROJECT_ROOT, 'dist', 'yaml');

/** What YamlSource parses with; part of the key. */
export const PARSE_OPTIONS = { uniqueKeys: true, prettyErrors: false } as const;
/** toJS options (aliases capped so a "billion laughs" file cannot exhaust memory); part of the key. */
export const TO_JS_OPTIONS = { maxAliasCount: 100 } as const;

let yamlVersion: string | undefined;

export function parsedYamlFile(text: string): string {
  yamlVersion ??= (createRequire(import.meta.url)('yaml/package.json') as { version: string }).version;
  return `${createHash('sha256').update(JSON.stringify([yamlVersion, PARSE_OPTIONS, TO_JS_OPTIONS])).update('\0').update(text).digest('hex').slice(0, 32)}.json`;
}

/** The data the build stored for this text, as JSON, or undefined. */
export function cachedYamlJson(text: string): string | undefined {
  try {
    return readFileSync(path.join(PARSED_YAML_DIR, parsedYamlFile(text)), 'utf8');
  } catch {
    return undefined;
  }
}

/** True when JSON.parse(JSON.stringify(value)) gives back the same data (plain objects and arrays, finite numbers). */
export function survivesJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(survivesJson);
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype) return false;
  return Object.values(value).every(survivesJson);
}
