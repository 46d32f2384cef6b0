/**
 * A YAML file people edit by hand (dialog scripts, scoring rules, catalogue, corpora), parsed so
 * that every problem can point at its place: syntax errors and "the value at this path" both come
 * back as line and column.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

export type Path = readonly (string | number)[];

export interface YamlIssue {
  line: number;
  col: number;
  message: string;
}

export class YamlSource {
  readonly doc: Document.Parsed;
  private readonly lines = new LineCounter();

  constructor(readonly file: string, text: string) {
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false });
  }

  /** YAML syntax errors (bad indentation, duplicate keys…), with yaml's error code. */
  syntaxIssues(): (YamlIssue & { code: string })[] {
    return this.doc.errors.map((error) => ({ ...this.lines.linePos(error.pos[0]), message: error.message.split('\n')[0] ?? error.message, code: error.code }));
  }

  /** Position of the value at `path` (or of its key with `onKey`), else of the nearest ancestor found. */
  position(path: Path, onKey = false): { line: number; col: number } {
    let node: unknown = this.doc.contents;
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
    return this.lines.linePos(offset);
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
