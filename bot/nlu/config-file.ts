/**
 * Loads a YAML configuration file that people edit by hand (catalogue, scoring rules) and
 * validates it with a JSON Schema. Every problem is reported as `file:line:col message`, so an
 * invalid file is a clear start-up error instead of a silent default.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type Schema } from 'ajv';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';

export interface ConfigIssue {
  line: number;
  col: number;
  message: string;
}

export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(`${file} is invalid:\n${issues.map((i) => `  ${file}:${i.line}:${i.col} ${i.message}`).join('\n')}`);
    this.name = new.target.name;
  }
}

export type ConfigErrorClass = new (file: string, issues: ConfigIssue[]) => ConfigFileError;

/** Files larger than this are certainly not hand-written configuration. */
const MAX_CONFIG_BYTES = 1_000_000;

const ajv = new Ajv({ allErrors: true, strict: true });

/** JSON pointer (`/rules/timeline/1-3m`) → YAML path segments. */
function pointerToPath(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Offset of the node an ajv error points at; for an unknown property, of that property's key. */
function errorOffset(doc: Document.Parsed, error: ErrorObject): number {
  const path = pointerToPath(error.instancePath);
  const node = doc.getIn(path, true);
  if (error.keyword === 'additionalProperties' && isMap(node)) {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === extra);
    if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
  }
  const withRange = node as { range?: [number, number, number] } | undefined;
  return withRange?.range?.[0] ?? doc.contents?.range?.[0] ?? 0;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(top level)' : error.instancePath.slice(1).replace(/\//g, '.');
  if (error.keyword === 'additionalProperties') {
    return `${where}: unknown field "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  }
  if (error.keyword === 'enum') {
    return `${where}: ${error.message} (${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`;
  }
  return `${where}: ${error.message}`;
}

/** Parse and validate YAML source; `file` only names the source in messages. */
export function parseValidatedYaml<T>(source: string, file: string, schema: Schema, ErrorClass: ConfigErrorClass): T {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ErrorClass(
      file,
      doc.errors.map((e) => ({ line: e.linePos?.[0].line ?? 1, col: e.linePos?.[0].col ?? 1, message: e.message.split('\n')[0] ?? e.code })),
    );
  }
  let data: unknown;
  try {
    // Aliases are capped so a "billion laughs" file cannot exhaust memory.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    throw new ErrorClass(file, [{ line: 1, col: 1, message: (cause as Error).message }]);
  }
  const validate = ajv.compile<T>(schema);
  if (!validate(data)) {
    const issues = (validate.errors ?? []).map((error) => {
      const pos = lineCounter.linePos(errorOffset(doc, error));
      return { line: pos.line, col: pos.col, message: describe(error) };
    });
    throw new ErrorClass(file, issues);
  }
  return data;
}

export function loadValidatedYaml<T>(file: string, schema: Schema, ErrorClass: ConfigErrorClass): T {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ErrorClass(file, [{ line: 0, col: 0, message: `cannot read file: ${(cause as Error).message}` }]);
  }
  if (source.length > MAX_CONFIG_BYTES) throw new ErrorClass(file, [{ line: 0, col: 0, message: `file larger than ${MAX_CONFIG_BYTES} bytes` }]);
  return parseValidatedYaml<T>(source, file, schema, ErrorClass);
}
