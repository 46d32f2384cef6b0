/**
 * Validation of a LeadPatch before it reaches a query: every field has the type model.ts says,
 * strings have sane lengths, and no object carries an unknown, `$`-prefixed, dotted or
 * prototype-polluting key. A violation throws a TypeError naming the field.
 */
import { createRequire } from 'node:module';
import type * as AjvModule from 'ajv';
import type { KeywordCxt, KeywordDefinition, SchemaObject } from 'ajv';
import { errorsText, schemaValidator, type SchemaValidator } from '../../core/validation/schema-validator.js';
import { TIMELINE_BUCKETS, type LeadPatch } from '../../core/lead/model.js';

const SHORT = 320;
const LONG = 5000;

const str = (maxLength = SHORT) => ({ type: 'string', maxLength });
const num = { type: 'number' };
const date = { instanceofDate: true };
const object = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', properties, required, additionalProperties: false });
/** Free-form maps (UTM tags, event props): keys come from outside, so they are checked. */
const safeMap = (values: unknown) => ({
  type: 'object',
  maxProperties: 50,
  propertyNames: { maxLength: 100, pattern: '^[^$.\\u0000]+$', not: { enum: ['__proto__', 'constructor', 'prototype'] } },
  additionalProperties: values,
});
const scalar = { type: ['string', 'number', 'boolean'], maxLength: SHORT };

/** As long as the widget may send (a referrer or page URL of 1000 characters). */
const EVENT_TEXT = 1000;
export const behaviourEventSchema = object({ name: str(200), at: date, props: safeMap({ ...scalar, maxLength: EVENT_TEXT }) }, ['name', 'at']);

const leadPatchSchema: SchemaObject = object({
  email: str(),
  name: str(),
  phone: str(32),
  phoneVerified: { type: 'boolean' },
  company: str(),
  emailKind: { enum: ['company', 'free', 'disposable'] },
  score: { type: 'number', minimum: 0, maximum: 100 },
  temperature: { enum: ['cold', 'warm', 'hot'] },
  scoreBreakdown: { type: 'array', maxItems: 100, items: object({ rule: str(), points: num, reason: str(LONG) }, ['rule', 'points', 'reason']) },
  project: object({ text: str(LONG), id: str(), label: str() }, ['text']),
  timeline: object({ text: str(LONG), horizonMonths: { type: ['number', 'null'] }, bucket: { enum: [...TIMELINE_BUCKETS] } }, ['text', 'horizonMonths', 'bucket']),
  motivation: object({ text: str(LONG), category: str(100), confidence: { type: 'number', minimum: 0, maximum: 1 } }, ['text', 'category']),
  budget: object({ amount: num, currency: { type: 'string', pattern: '^[A-Z]{3}$' }, max: num, period: { enum: ['once', 'month', 'year'] } }, ['amount', 'currency']),
  role: { enum: ['decision-maker', 'influencer', 'user', 'student', 'other'] },
  segment: object({ country: { type: 'string', pattern: '^[A-Z]{2}$' }, sector: str(), companySize: str(32) }),
  channel: str(100),
  locale: { enum: ['fr', 'en'] },
  consent: object({ given: { type: 'boolean' }, at: date, text: str(LONG) }, ['given', 'at']),
  behaviour: object({
    pageViews: num,
    timeOnSiteSec: num,
    visits: num,
    pages: { type: 'array', maxItems: 500, items: object({ url: str(2048), title: str(), seconds: num, at: date }, ['url', 'at']) },
    events: { type: 'array', maxItems: 500, items: behaviourEventSchema },
    referrer: str(2048),
    utm: safeMap(str()),
  }, ['pageViews', 'timeOnSiteSec', 'visits']),
  owner: str(200),
  rejectionReason: str(LONG),
  callback: object({ at: date, label: str(), timezone: str(100), chosenAt: date }, ['at', 'label', 'timezone', 'chosenAt']),
});

const require = createRequire(import.meta.url);

/** A valid Date. Written as code (not a function) so the build can emit it as standalone code; ajv is loaded only to compile it. */
const instanceofDate: KeywordDefinition = {
  keyword: 'instanceofDate',
  schemaType: 'boolean',
  code(cxt: KeywordCxt) {
    const { _ } = require('ajv') as typeof AjvModule;
    cxt.fail(_`!(${cxt.data} instanceof Date) || Number.isNaN(${cxt.data}.getTime())`);
  },
};
const validator = <T>(name: string, schema: SchemaObject): SchemaValidator<T> =>
  schemaValidator<T>({ name, schema, options: { allErrors: false, strict: true, allowUnionTypes: true }, keywords: [instanceofDate] });

/** The fields of LeadPatch, in the order the schema lists them (used to merge leads). */
export const LEAD_PATCH_FIELDS = Object.keys(leadPatchSchema.properties as object) as (keyof LeadPatch)[];

export const validateBehaviourEvent = validator('behaviour-event', behaviourEventSchema);
const validateLeadPatch = validator<LeadPatch>('lead-patch', leadPatchSchema);

/** Returns a copy without undefined values, or throws a TypeError. */
export function checkLeadPatch(patch: unknown): LeadPatch {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new TypeError('lead patch must be an object');
  const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  if (!validateLeadPatch(defined)) throw new TypeError(`invalid lead patch: ${errorsText(validateLeadPatch.errors, 'patch')}`);
  return defined as LeadPatch;
}

/** Throws a TypeError unless `value` passes `validate`. */
export function assertValid(validate: typeof validateBehaviourEvent, value: unknown, what: string): void {
  if (!validate(value)) throw new TypeError(`invalid ${what}: ${errorsText(validate.errors, what)}`);
}
