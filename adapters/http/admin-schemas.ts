/**
 * JSON Schemas of the admin API's request bodies: the same objects validate requests (ajv) and
 * document them in /api/openapi.json, so the two cannot drift apart.
 */
import type { ErrorObject } from 'ajv';
import { schemaValidator, type SchemaValidator } from '../../core/validation/schema-validator.js';
import { HttpError } from './errors.js';

export const BODY_SCHEMAS = {
  StageChange: {
    type: 'object',
    additionalProperties: false,
    required: ['stage'],
    properties: {
      stage: { type: 'string', enum: ['sql', 'rejected', 'mql'], description: 'sql: accepted by sales; rejected: needs a reason; mql (admin only): reopen a decided lead' },
      reason: { type: 'string', minLength: 1, maxLength: 2000 },
    },
  },
  OwnerChange: {
    type: 'object',
    additionalProperties: false,
    required: ['owner'],
    properties: { owner: { type: ['string', 'null'], minLength: 1, maxLength: 200, description: 'null removes the owner' } },
  },
  Note: {
    type: 'object',
    additionalProperties: false,
    required: ['text'],
    properties: { text: { type: 'string', minLength: 1, maxLength: 5000 } },
  },
  SignIn: {
    type: 'object',
    additionalProperties: false,
    required: ['password'],
    properties: {
      name: { type: 'string', maxLength: 100, description: 'A named user; empty or absent: the password is the admin token' },
      password: { type: 'string', minLength: 1, maxLength: 1000 },
    },
  },
} as const;

export type BodySchemaName = keyof typeof BODY_SCHEMAS;

const validators = Object.fromEntries(Object.entries(BODY_SCHEMAS).map(([name, schema]) => [name, schemaValidator({ name: `admin-${name}`, schema, options: { allErrors: true, allowUnionTypes: true } })])) as Record<BodySchemaName, SchemaValidator>;

function describe(error: ErrorObject, schema: (typeof BODY_SCHEMAS)[BodySchemaName]): string {
  const field = error.instancePath.replace(/^\//, '') || 'body';
  if (error.keyword === 'additionalProperties') {
    return `unknown field "${String(error.params.additionalProperty).slice(0, 50)}" (allowed: ${Object.keys(schema.properties).join(', ')})`;
  }
  if (error.keyword === 'enum') return `"${field}" must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
  return `"${field}" ${error.message ?? 'is invalid'}`;
}

/** The body as the schema says, or a 400 naming every problem. */
export function checkBody<T>(name: BodySchemaName, body: unknown): T {
  const validate = validators[name];
  if (!validate(body)) throw new HttpError(400, 'invalid_body', (validate.errors ?? []).map((e) => describe(e, BODY_SCHEMAS[name])).join('; '));
  return body as T;
}
