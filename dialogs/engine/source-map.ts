/**
 * A parsed YAML file that can answer "where is this value?" for error messages.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { ScriptError } from './script-error.js';

export type Path = readonly (string | number)[];

export class SourceFile {
  readonly doc: Document.Parsed;
  private readonly lines = new LineCounter();

  constructor(readonly file: string, text: string) {
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false });
  }

  /** YAML syntax errors (bad indentation, duplicate keys…). */
  syntaxErrors(): ScriptError[] {
    return this.doc.errors.map((error) => {
      const pos = this.lines.linePos(error.pos[0]);
      return { file: this.file, line: pos.line, col: pos.col, message: error.message.split('\n')[0] ?? error.message, hint: yamlHint(error.code) };
    });
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

  error(path: Path, message: string, hint: string, onKey = false): ScriptError {
    return { file: this.file, ...this.position(path, onKey), message, hint };
  }
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

function yamlHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY': return 'each key may appear only once in a mapping: rename or merge the duplicates';
    case 'BAD_INDENT':
    case 'MISSING_CHAR': return 'check the indentation (spaces, not tabs) and the `key: value` syntax';
    case 'TAB_AS_INDENT': return 'indent with spaces, not tabs';
    default: return 'fix the YAML syntax (quote texts that contain `: ` or start with a special character)';
  }
}
