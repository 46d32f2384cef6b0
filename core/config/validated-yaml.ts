/**
 * Loads a YAML configuration file that people edit by hand (catalogue, scoring rules) and
 * validates it with a JSON Schema. Every problem is reported as `file:line:col message — hint`, so
 * an invalid file is a clear error (at start-up, in `leadq check`, on hot reload) instead of a silent default.
 */
import { readFileSync } from 'node:fs';
import type { ErrorObject, Schema } from 'ajv';
import { closest } from '../closest.js';
import { schemaValidator, type SchemaValidator } from '../validation/schema-validator.js';
import { pathOfPointer, YamlSource, type YamlIssue } from './yaml-source.js';

export interface ConfigIssue extends YamlIssue {
  /** How to fix it; a generic pointer to the file's comments when nothing better is known. */
  hint?: string;
}

export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(`${file} is invalid:\n${issues.map((i) => `  ${file}:${i.line}:${i.col} ${i.message}${i.hint ? ` — ${i.hint}` : ''}`).join('\n')}`);
    this.name = new.target.name;
  }
}

export type ConfigErrorClass = new (file: string, issues: ConfigIssue[]) => ConfigFileError;

/** Files larger than this are certainly not hand-written configuration. */
const MAX_CONFIG_BYTES = 1_000_000;

/** A configuration file's schema and its validator (compiled by the build, see schema-validator.ts). */
export interface ConfigSchema<T> {
  readonly schema: Schema;
  readonly validate: SchemaValidator<T>;
}

/** Declares the schema of a kind of file (at module level, so the build finds it); `useDefaults` fills in the schema's defaults (widget.yaml). */
export function configSchema<T>(name: string, schema: Schema, options: { useDefaults?: boolean } = {}): ConfigSchema<T> {
  return { schema, validate: schemaValidator<T>({ name, schema, options: { allErrors: true, strict: true, ...(options.useDefaults && { useDefaults: true }) } }) };
}

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

/** A fix suggestion for one schema error: the closest known field or value, the expected type. */
function hintFor(error: ErrorObject, schemaAt: (pointer: string) => unknown): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    const known = Object.keys((schemaAt(error.schemaPath.replace(/\/additionalProperties$/, '')) as { properties?: object } | undefined)?.properties ?? {});
    const near = closest(String(params.additionalProperty), known);
    if (near) return `did you mean "${near}"?`;
    return known.length ? `known fields here: ${known.join(', ')}` : 'remove it';
  }
  if (error.keyword === 'enum') return `use one of: ${(params.allowedValues as unknown[]).join(', ')}`;
  if (error.keyword === 'required') return `add "${String(params.missingProperty)}"`;
  if (error.keyword === 'type') return `write a ${String(params.type)} here`;
  if (error.keyword === 'minimum' || error.keyword === 'maximum' || error.keyword === 'exclusiveMinimum') return `use a number ${error.message ?? ''}`.trim();
  if (error.keyword === 'pattern') return `write a value matching ${String(params.pattern)}`;
  return 'see the comments in the file and the README for the expected shape';
}

function schemaAtPointer(schema: Schema, pointer: string): unknown {
  let node: unknown = schema;
  for (const segment of pathOfPointer(pointer.replace(/^#/, ''))) node = (node as Record<string, unknown> | undefined)?.[segment];
  return node;
}

/** Parse and validate YAML source; `file` only names the source in messages. */
export function parseValidatedYaml<T>(text: string, file: string, { schema, validate }: ConfigSchema<T>, ErrorClass: ConfigErrorClass): T {
  const source = new YamlSource(file, text);
  const syntax = source.syntaxIssues();
  if (syntax.length > 0) {
    throw new ErrorClass(file, syntax.map(({ line, col, message }) => ({ line, col, message, hint: 'fix the YAML syntax (indentation, quotes, a colon after each key)' })));
  }
  let data: unknown;
  try {
    // Aliases are capped so a "billion laughs" file cannot exhaust memory.
    data = source.data();
  } catch (cause) {
    throw new ErrorClass(file, [{ line: 1, col: 1, message: (cause as Error).message, hint: 'use fewer YAML aliases (*name)' }]);
  }
  if (!validate(data)) {
    const issues = (validate.errors ?? []).map((error) => ({
      ...positionOf(source, error),
      message: describe(error),
      hint: hintFor(error, (pointer) => schemaAtPointer(schema, pointer)),
    }));
    throw new ErrorClass(file, issues);
  }
  return data as T;
}

export function loadValidatedYaml<T>(file: string, schema: ConfigSchema<T>, ErrorClass: ConfigErrorClass): T {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ErrorClass(file, [{ line: 0, col: 0, message: `cannot read file: ${(cause as Error).message}`, hint: 'check the path (see the README configuration table) and its permissions' }]);
  }
  if (source.length > MAX_CONFIG_BYTES) throw new ErrorClass(file, [{ line: 0, col: 0, message: `file larger than ${MAX_CONFIG_BYTES} bytes`, hint: 'this is not a hand-written configuration file' }]);
  return parseValidatedYaml<T>(source, file, schema, ErrorClass);
}
