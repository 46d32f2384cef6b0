/**
 * Loads a YAML configuration file that people edit by hand (catalogue, scoring rules) and
 * validates it with a JSON Schema. Every problem is reported as `file:line:col message`, so an
 * invalid file is a clear start-up error instead of a silent default.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type Schema } from 'ajv';
import { pathOfPointer, YamlSource, type YamlIssue } from './yaml-source.js';

export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: YamlIssue[],
  ) {
    super(`${file} is invalid:\n${issues.map((i) => `  ${file}:${i.line}:${i.col} ${i.message}`).join('\n')}`);
    this.name = new.target.name;
  }
}

export type ConfigErrorClass = new (file: string, issues: YamlIssue[]) => ConfigFileError;

/** Files larger than this are certainly not hand-written configuration. */
const MAX_CONFIG_BYTES = 1_000_000;

const ajv = new Ajv({ allErrors: true, strict: true });

/** Where an ajv error points; for an unknown property, at that property's key. */
function positionOf(source: YamlSource, error: ErrorObject): { line: number; col: number } {
  const path = pathOfPointer(error.instancePath);
  if (error.keyword === 'additionalProperties') {
    return source.position([...path, (error.params as { additionalProperty: string }).additionalProperty], true);
  }
  return source.position(path);
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
export function parseValidatedYaml<T>(text: string, file: string, schema: Schema, ErrorClass: ConfigErrorClass): T {
  const source = new YamlSource(file, text);
  const syntax = source.syntaxIssues();
  if (syntax.length > 0) throw new ErrorClass(file, syntax.map(({ line, col, message }) => ({ line, col, message })));
  let data: unknown;
  try {
    // Aliases are capped so a "billion laughs" file cannot exhaust memory.
    data = source.doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    throw new ErrorClass(file, [{ line: 1, col: 1, message: (cause as Error).message }]);
  }
  const validate = ajv.compile<T>(schema);
  if (!validate(data)) {
    throw new ErrorClass(file, (validate.errors ?? []).map((error) => ({ ...positionOf(source, error), message: describe(error) })));
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
