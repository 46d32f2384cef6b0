/**
 * Build step: stores the plain data of the shipped YAML files (NLU tables and corpora, config/,
 * dialog scripts) in dist/yaml/ (parsed-yaml-cache.ts), so a start reads JSON instead of parsing
 * them. A file edited after the build misses the cache and is parsed as before.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { PARSE_OPTIONS, PARSED_YAML_DIR, parsedYamlFile, positionsFile, survivesJson, TO_JS_OPTIONS } from '../../core/config/parsed-yaml-cache.js';
import { positionsOf } from '../../core/config/yaml-source.js';
import { fromRoot } from '../../core/paths.js';

export const YAML_DIRS = ['data/nlu', 'config', 'dialogs/scripts'];

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

/** Cache file name → JSON (data, and positions), for every file under `dirs` that parses without error into JSON-safe data. */
export function parsedYamlEntries(dirs = YAML_DIRS.map((dir) => fromRoot(dir))): Map<string, string> {
  const entries = new Map<string, string>();
  for (const file of dirs.flatMap(yamlFiles)) {
    const text = readFileSync(file, 'utf8');
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, ...PARSE_OPTIONS });
    if (doc.errors.length > 0) continue;
    let data: unknown;
    try {
      data = doc.toJS(TO_JS_OPTIONS);
    } catch {
      continue;
    }
    if (!survivesJson(data)) continue;
    entries.set(parsedYamlFile(text), JSON.stringify(data));
    entries.set(positionsFile(parsedYamlFile(text)), JSON.stringify(positionsOf(doc, lines)));
  }
  return entries;
}

export function writeParsedYaml(entries: ReadonlyMap<string, string>, dir = PARSED_YAML_DIR): void {
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir)) if (old.endsWith('.json') && !entries.has(old)) rmSync(path.join(dir, old));
  for (const [file, json] of entries) writeFileSync(path.join(dir, file), json);
}

if (import.meta.url === `file://${process.argv[1]}`) writeParsedYaml(parsedYamlEntries());
