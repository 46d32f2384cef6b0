/**
 * A JSON Schema validator (ajv) that costs nothing until first used. The build writes each one's
 * standalone code to dist/validators/ (bot/build/validators.ts), named by a hash of its schema,
 * options and keywords; the first call loads that module when it matches, and only otherwise
 * (tests, tsx, a schema edited since the build) compiles with ajv. Compiling all of them took
 * about 0.4 s of every start, and loading ajv itself another 40 ms.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as AjvModule from 'ajv';
import type { Ajv, ErrorObject, KeywordDefinition, Options, Schema } from 'ajv';
import { PROJECT_ROOT } from '../paths.js';

export interface ValidatorSpec {
  /** Readable part of the generated file's name. */
  name: string;
  schema: Schema;
  options: Options;
  /** Keywords added to the ajv instance; only `code` keywords can be written as standalone code. */
  keywords?: KeywordDefinition[];
}

/** What ajv's ValidateFunction offers, whichever way it was made. */
export interface SchemaValidator<T = unknown> {
  (data: unknown): data is T;
  errors?: ErrorObject[] | null;
}

/** Where the build writes the generated modules. */
export const GENERATED_DIR = path.join(PROJECT_ROOT, 'dist', 'validators');

const require = createRequire(import.meta.url);

/** Every validator declared so far (the build generates these). */
const declared = new Set<ValidatorSpec>();

/** The generated module's file name: changes whenever the schema, the options, a keyword or ajv changes. */
export function generatedFileName(spec: ValidatorSpec): string {
  const ajvVersion = (require('ajv/package.json') as { version: string }).version;
  // A keyword's functions count by their source text.
  const text = JSON.stringify([ajvVersion, spec.schema, spec.options, spec.keywords ?? []], (_key, value: unknown) => (typeof value === 'function' ? value.toString() : value));
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return `${spec.name}.${hash}.cjs`;
}

export function declaredValidators(): ReadonlySet<ValidatorSpec> {
  return declared;
}

/** A new ajv instance with the spec's options and keywords (also used by the build). */
export function ajvFor(spec: ValidatorSpec, extraOptions: Options = {}): Ajv {
  const ajv = new (require('ajv') as typeof AjvModule).Ajv({ ...spec.options, ...extraOptions });
  for (const keyword of spec.keywords ?? []) ajv.addKeyword(keyword);
  return ajv;
}

function load<T>(spec: ValidatorSpec): SchemaValidator<T> {
  try {
    return require(path.join(GENERATED_DIR, generatedFileName(spec))) as SchemaValidator<T>;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw cause;
    return ajvFor(spec).compile<T>(spec.schema);
  }
}

/** Declares a validator; the schema is compiled (or its generated code loaded) at the first call. */
export function schemaValidator<T = unknown>(spec: ValidatorSpec): SchemaValidator<T> {
  declared.add(spec);
  let compiled: SchemaValidator<T> | undefined;
  const validate = ((data: unknown): data is T => {
    compiled ??= load<T>(spec);
    const valid = compiled(data);
    validate.errors = compiled.errors ?? null;
    return valid;
  }) as SchemaValidator<T>;
  validate.errors = null;
  return validate;
}

/** ajv's `errorsText` without an ajv instance: `data/path message, …`. */
export function errorsText(errors: readonly ErrorObject[] | null | undefined, dataVar = 'data'): string {
  if (!errors || errors.length === 0) return 'No errors';
  return errors.map((e) => `${dataVar}${e.instancePath} ${e.message}`).join(', ');
}
