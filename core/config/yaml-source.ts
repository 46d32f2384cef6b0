/**
 * A YAML file people edit by hand (dialog scripts, scoring rules, catalogue, corpora), parsed so
 * that every problem can point at its place: syntax errors and "the value at this path" both come
 * back as line and column. Its data usually comes from the build's cache (parsed-yaml-cache.ts):
 * the document with positions is then parsed only if an error needs a position.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Document, LineCounter, Node } from 'yaml';
import { cachedYamlJson, PARSE_OPTIONS, TO_JS_OPTIONS } from './parsed-yaml-cache.js';

export type Path = readonly (string | number)[];

export interface YamlIssue {
  line: number;
  col: number;
  message: string;
}

const require = createRequire(import.meta.url);
/** yaml is loaded only when a file is not in the cache. */
const yaml = (): typeof Yaml => require('yaml') as typeof Yaml;

export class YamlSource {
  private parsed?: { doc: Document.Parsed; lines: LineCounter };
  private readonly cached: string | undefined;

  constructor(readonly file: string, private readonly text: string) {
    this.cached = cachedYamlJson(text);
  }

  /** The document with positions, parsed at first use. */
  get doc(): Document.Parsed {
    return this.document().doc;
  }

  private document(): { doc: Document.Parsed; lines: LineCounter } {
    if (!this.parsed) {
      const { LineCounter, parseDocument } = yaml();
      const lines = new LineCounter();
      this.parsed = { doc: parseDocument(this.text, { lineCounter: lines, ...PARSE_OPTIONS }), lines };
    }
    return this.parsed;
  }

  /** YAML syntax errors (bad indentation, duplicate keys…), with yaml's error code. */
  syntaxIssues(): (YamlIssue & { code: string })[] {
    // Only files without errors are cached.
    if (this.cached !== undefined) return [];
    const { doc, lines } = this.document();
    return doc.errors.map((error) => ({ ...lines.linePos(error.pos[0]), message: error.message.split('\n')[0] ?? error.message, code: error.code }));
  }

  /** The file's data, a new copy at each call (callers may fill in defaults); throws as yaml's toJS does (too many aliases). */
  data(): unknown {
    return this.cached !== undefined ? JSON.parse(this.cached) : this.doc.toJS(TO_JS_OPTIONS);
  }

  /** Position of the value at `path` (or of its key with `onKey`), else of the nearest ancestor found. */
  position(path: Path, onKey = false): { line: number; col: number } {
    const { isMap, isSeq } = yaml();
    const { doc, lines } = this.document();
    let node: unknown = doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === segment);
        if (!pair) break;
        const keyStart = rangeStart(pair.key);
        const valueStart = rangeStart(pair.value);
        offset = (onKey && segment === path[path.length - 1] ? keyStart : valueStart ?? keyStart) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        node = node.items[segment];
        offset = rangeStart(node) ?? offset;
      } else break;
    }
    return lines.linePos(offset);
  }
}

/** A JSON pointer (ajv's `instancePath`, e.g. `/flows/main/2`) as path segments; indexes are numbers. */
export function pathOfPointer(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => {
      const text = segment.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(text) ? Number(text) : text;
    });
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}
