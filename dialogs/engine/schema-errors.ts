/**
 * Validates a script against the JSON Schema and turns ajv's errors into one readable error
 * per problem, with a fix hint.
 */
import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import { pathOfPointer } from '../../core/config/yaml-source.js';
import { fromRoot } from '../../core/paths.js';
import { schemaValidator } from '../../core/validation/schema-validator.js';
import type { ScriptError } from './script-error.js';
import type { SourceFile } from './script-source.js';

const schema = JSON.parse(readFileSync(fromRoot('dialogs/schema/dialog-script.schema.json'), 'utf8')) as object;
const validate = schemaValidator({ name: 'dialog-script', schema, options: { allErrors: true, verbose: true, strict: false } });

const STEP_KEYS = 'say, ask, set, if, switch, call, save, score, profile, end';

export function schemaErrors(source: SourceFile, data: unknown): ScriptError[] {
  if (validate(data)) return [];
  return relevant(validate.errors ?? []).map((error) => {
    const path = pathOfPointer(error.instancePath);
    if (error.keyword === 'additionalProperties') {
      const property = String(error.params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const hint = allowed.length ? `remove it or fix the spelling; allowed here: ${allowed.join(', ')}` : 'remove it';
      return source.error([...path, property], `unknown property "${property}"`, hint, true);
    }
    const { message, hint } = describe(error, path);
    return source.error(path, message, hint);
  });
}

/**
 * `oneOf` alternatives produce an error for every branch that was not meant; keep the errors of
 * the branch the designer was writing (same type), and drop `if` bookkeeping errors.
 */
function relevant(errors: ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>(errors.filter((e) => e.keyword === 'if'));
  for (const oneOf of errors.filter((e) => e.keyword === 'oneOf')) {
    // Branches reached through $ref report their own schemaPath, so match on the instance path.
    const wrongBranch = errors.filter((e) => e.instancePath === oneOf.instancePath
      && (['type', 'const'].includes(e.keyword) || (e.keyword === 'required' && e.schemaPath.startsWith(`${oneOf.schemaPath}/`))));
    wrongBranch.forEach((e) => dropped.add(e));
    const deeper = errors.some((e) => e.instancePath.startsWith(`${oneOf.instancePath}/`) || (e.instancePath === oneOf.instancePath && e.keyword === 'additionalProperties'));
    if (deeper) dropped.add(oneOf);
  }
  const kept = errors.filter((e) => !dropped.has(e));
  const seen = new Set<string>();
  return kept.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function describe(error: ErrorObject, path: (string | number)[]): { message: string; hint: string } {
  const where = path.length ? `"${path[path.length - 1]}"` : 'the script';
  const shown = JSON.stringify(error.data)?.slice(0, 60);
  switch (error.keyword) {
    case 'required':
      return { message: `missing "${error.params.missingProperty}"`, hint: `add \`${error.params.missingProperty}:\` to ${where}` };
    case 'enum':
      return { message: `${shown} is not allowed for ${where}`, hint: `use one of: ${(error.params.allowedValues as unknown[]).join(', ')}` };
    case 'type':
      return { message: `${where} must be ${error.params.type}`, hint: `write a ${error.params.type} here (got ${shown})` };
    case 'pattern':
      return { message: `${shown} is not a valid name for ${where}`, hint: 'use letters, digits and _ (starting with a letter), e.g. `companySize`; calls are `flow` or `file#flow`' };
    case 'const':
      return { message: `${where} must be ${JSON.stringify(error.params.allowedValue)}`, hint: `write \`${JSON.stringify(error.params.allowedValue)}\`` };
    case 'oneOf': {
      const isStep = typeof path[path.length - 1] === 'number' && path.length >= 3 && path[0] === 'flows';
      if (isStep) return { message: 'a step must have exactly one action', hint: `start the step with one of: ${STEP_KEYS}` };
      const description = (error.parentSchema as { description?: string }).description;
      return { message: `${where} has an invalid form`, hint: description ?? 'check the documented forms in dialogs/schema/dialog-script.schema.json' };
    }
    default:
      return { message: `${where} ${error.message ?? 'is invalid'}`, hint: 'see dialogs/schema/dialog-script.schema.json for the expected form' };
  }
}
