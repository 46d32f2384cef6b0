/**
 * Plain data of YAML files parsed by the build (dist/yaml/<hash>.json, bot/build/yaml-cache.ts),
 * and where their nodes start (<hash>.pos.json, read only when a position is asked for: dialog
 * scripts name each step's line), so a start reads JSON instead of parsing about 190 kB of YAML.
 * Keyed by a hash of the text, the yaml version and the parse options: an edited file simply
 * misses and is parsed. Only files without errors are cached, and only when JSON keeps their data exactly.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import type { Positions } from './yaml-source.js';

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

export const positionsFile = (dataFile: string): string => dataFile.replace(/\.json$/, '.pos.json');

function read(file: string): string | undefined {
  try {
    return readFileSync(path.join(PARSED_YAML_DIR, file), 'utf8');
  } catch {
    return undefined;
  }
}

/** The data the build stored for this text, as JSON, or undefined. */
export function cachedYamlJson(text: string): string | undefined {
  return read(parsedYamlFile(text));
}

/** The positions the build stored for this text, or undefined. */
export function cachedYamlPositions(text: string): Positions | undefined {
  const json = read(positionsFile(parsedYamlFile(text)));
  return json === undefined ? undefined : (JSON.parse(json) as Positions);
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
