/**
 * A YAML file people edit by hand (dialog scripts, scoring rules, catalogue, corpora), parsed so
 * that every problem can point at its place: syntax errors and "the value at this path" both come
 * back as line and column. Its data usually comes from the build's cache (parsed-yaml-cache.ts):
 * the document with positions is then parsed only if an error needs a position.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Document, LineCounter, Node } from 'yaml';
import { cachedYamlJson, cachedYamlPositions, PARSE_OPTIONS, TO_JS_OPTIONS } from './parsed-yaml-cache.js';

export type Path = readonly (string | number)[];

export interface YamlIssue {
  line: number;
  col: number;
  message: string;
}

const require = createRequire(import.meta.url);
/** yaml is loaded only when a file is not in the cache. */
const yaml = (): typeof Yaml => require('yaml') as typeof Yaml;

/**
 * Where each node of a document starts (offsets in the text): all that position() reads, so it can
 * come from the build's cache instead of a parsed document. Maps keep their pairs in order.
 */
export interface PositionNode {
  /** Start of the node. */
  o?: number;
  /** A map's pairs: scalar key value (null for other keys), key start, value. */
  m?: [key: unknown, keyStart: number | null, value: PositionNode | null][];
  /** A sequence's items. */
  s?: (PositionNode | null)[];
}

export interface Positions {
  /** Offsets where lines start (yaml's LineCounter). */
  lineStarts: number[];
  root: PositionNode | null;
}

/** The positions of a parsed document. */
export function positionsOf(doc: Document.Parsed, lines: LineCounter): Positions {
  const { isMap, isSeq } = yaml();
  const walk = (node: unknown): PositionNode | null => {
    if (node === null || node === undefined) return null;
    const start = rangeStart(node);
    const at: PositionNode = start === undefined ? {} : { o: start };
    if (isMap(node)) {
      at.m = node.items.map((pair) => {
        const key = (pair.key as { value?: unknown } | null)?.value;
        return [key === undefined ? null : key, rangeStart(pair.key) ?? null, walk(pair.value)];
      });
    } else if (isSeq(node)) at.s = node.items.map(walk);
    return at;
  };
  return { lineStarts: [...lines.lineStarts], root: walk(doc.contents) };
}

/** yaml's LineCounter.linePos: 1-based line and column of `offset`. */
function linePos(lineStarts: readonly number[], offset: number): { line: number; col: number } {
  let low = 0;
  let high = lineStarts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (lineStarts[mid]! < offset) low = mid + 1;
    else high = mid;
  }
  if (lineStarts[low] === offset) return { line: low + 1, col: 1 };
  if (low === 0) return { line: 0, col: offset };
  return { line: low, col: offset - lineStarts[low - 1]! + 1 };
}

export class YamlSource {
  private parsed?: { doc: Document.Parsed; lines: LineCounter };
  private positions?: Positions;
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
    return doc.errors.map((error) => ({ ...linePos(lines.lineStarts, error.pos[0]), message: error.message.split('\n')[0] ?? error.message, code: error.code }));
  }

  /** The file's data, a new copy at each call (callers may fill in defaults); throws as yaml's toJS does (too many aliases). */
  data(): unknown {
    return this.cached !== undefined ? JSON.parse(this.cached) : this.doc.toJS(TO_JS_OPTIONS);
  }

  /** Position of the value at `path` (or of its key with `onKey`), else of the nearest ancestor found. */
  position(path: Path, onKey = false): { line: number; col: number } {
    this.positions ??= (this.cached !== undefined && cachedYamlPositions(this.text)) || positionsOf(this.doc, this.document().lines);
    let node = this.positions.root;
    let offset = node?.o ?? 0;
    for (const segment of path) {
      if (node?.m) {
        const pair = node.m.find(([key]) => key === segment);
        if (!pair) break;
        const [, keyStart, value] = pair;
        offset = (onKey && segment === path[path.length - 1] ? keyStart : value?.o ?? keyStart) ?? offset;
        node = value;
      } else if (node?.s && typeof segment === 'number' && node.s[segment] !== undefined) {
        node = node.s[segment];
        offset = node?.o ?? offset;
      } else break;
    }
    return linePos(this.positions.lineStarts, offset);
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
