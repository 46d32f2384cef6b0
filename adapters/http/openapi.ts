/**
 * `GET /api/openapi.json`: the admin API described in OpenAPI 3.1. Query parameters come from the
 * same lists the routes accept (anything else is a 400) and bodies from admin-schemas.ts; a test
 * checks every registered route is here and every path here is registered.
 */
import type { Server } from 'restify';
import { STAGES } from '../../core/lead/model.js';
import { LEAD_SORTS } from '../../core/ports/repository.js';
import { FUNNEL_GROUPS } from '../../bot/reports/funnel.js';
import { LEAD_QUERY_FIELDS } from './admin-api.js';
import { BODY_SCHEMAS, type BodySchemaName } from './admin-schemas.js';
import { DROPOFF_QUERY_FIELDS } from './dialogs-api.js';
import { FUNNEL_QUERY_FIELDS } from './funnel-api.js';
import { ROUTES_ONLY, type Mounted } from './mounted.js';

const date = { type: 'string', description: 'YYYY-MM-DD (a whole UTC day) or an ISO 8601 timestamp', examples: ['2026-12-01'] };
const text = (maxLength: number, description?: string) => ({ type: 'string', maxLength, ...(description && { description }) });
const int = (minimum: number, maximum: number) => ({ type: 'integer', minimum, maximum });

const QUERY_SCHEMAS: Record<string, object> = {
  stage: { type: 'string', enum: STAGES },
  temperature: { type: 'string', enum: ['cold', 'warm', 'hot'] },
  minScore: int(0, 100),
  maxScore: int(0, 100),
  email: text(256, 'exact e-mail (case-insensitive)'),
  channel: text(256, 'e.g. web, slack, msteams, emulator'),
  country: text(256, 'ISO 3166-1 alpha-2'),
  sector: text(256),
  companySize: text(256, 'band, e.g. 10-49'),
  q: text(256, 'substring of name, e-mail or company'),
  from: date,
  to: date,
  sort: { type: 'string', enum: LEAD_SORTS, default: 'updatedAt' },
  order: { type: 'string', enum: ['asc', 'desc'], default: 'desc' },
  limit: int(1, 10_000),
  skip: int(0, 1_000_000),
  groupBy: { type: 'string', enum: FUNNEL_GROUPS },
};

const query = (fields: readonly string[]) => fields.map((name) => ({ name, in: 'query', required: false, schema: QUERY_SCHEMAS[name] }));
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,200}$' } };
const error = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const json = (description: string, schema: object = { type: 'object' }) => ({ description, content: { 'application/json': { schema } } });
const body = (name: BodySchemaName) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
const errors = { 400: error, 401: error, 403: error, 404: error };
const changeNote = 'With a console session, send the CSRF token in X-CSRF-Token.';

export function openApiDocument(publicUrl: string): object {
  return {
    openapi: '3.1.0',
    info: { title: 'leadq admin API', version: '1', description: 'Leads, funnel, dialog drop-off and lead actions. Authenticate with `Authorization: Bearer <ADMIN_TOKEN>` or the console session cookie (changes then need `X-CSRF-Token`). Unknown query fields and body fields are refused with a 400 naming the allowed ones.' },
    servers: [{ url: publicUrl }],
    security: [{ bearer: [] }, { consoleSession: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        consoleSession: { type: 'apiKey', in: 'cookie', name: 'leadq_console' },
      },
      schemas: {
        ...BODY_SCHEMAS,
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } } },
        Lead: { type: 'object', required: ['_id', 'stage', 'score', 'temperature', 'scoreBreakdown', 'visitorIds', 'history', 'createdAt', 'updatedAt'], properties: { _id: { type: 'string' }, email: { type: 'string' }, stage: { type: 'string', enum: STAGES }, score: { type: 'integer' }, temperature: { type: 'string' } } },
      },
    },
    paths: {
      '/api/leads': { get: { summary: 'List leads', parameters: query(LEAD_QUERY_FIELDS), responses: { 200: json('A page of leads', { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Lead' } }, total: { type: 'integer' }, limit: { type: 'integer' }, skip: { type: 'integer' } } }), ...errors } } },
      '/api/leads.csv': { get: { summary: 'Leads as CSV (same filters)', parameters: query(LEAD_QUERY_FIELDS), responses: { 200: { description: 'CSV, UTF-8 with BOM', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errors } } },
      '/api/leads/{id}': {
        get: { summary: 'One lead', parameters: [idParam], responses: { 200: json('The lead', { $ref: '#/components/schemas/Lead' }), ...errors } },
        delete: { summary: 'Erase the person (right to erasure); admin', description: changeNote, parameters: [idParam], responses: { 204: { description: 'Erased' }, ...errors } },
      },
      '/api/leads/{id}/stage': { post: { summary: 'Accept (sql) or reject (with a reason); admin may reopen (mql)', description: changeNote, parameters: [idParam], requestBody: body('StageChange'), responses: { 200: json('The lead after the change'), 409: error, ...errors } } },
      '/api/leads/{id}/owner': { put: { summary: 'Assign or remove the owner', description: changeNote, parameters: [idParam], requestBody: body('OwnerChange'), responses: { 200: json('The lead after the change'), ...errors } } },
      '/api/leads/{id}/notes': { post: { summary: 'Add a sales note', description: changeNote, parameters: [idParam], requestBody: body('Note'), responses: { 200: json('The lead with the note'), 409: error, ...errors } } },
      '/api/leads/{id}/transcript': { get: { summary: 'Every line of every conversation of the person, all channels', parameters: [idParam], responses: { 200: json('Transcript lines in time order'), ...errors } } },
      '/api/leads/{id}/export': { get: { summary: 'Everything held about the person, as JSON (right of access); admin', parameters: [idParam], responses: { 200: json('lead, transcript, events'), ...errors } } },
      '/api/funnel': { get: { summary: 'Conversations → MCL → MQL → SQL for a period, optionally grouped; plus all-time counts per stage', parameters: query(FUNNEL_QUERY_FIELDS), responses: { 200: json('stages, conversion, totals, rates, groups, scoreDistribution, medianTimeToQualifySec'), ...errors } } },
      '/api/dialogs/flows': { get: { summary: 'The dialog scripts as flows of steps', responses: { 200: json('version, flows'), ...errors } } },
      '/api/dialogs/dropoff': { get: { summary: 'Per question: reached, answered, skipped, re-asked, left there', parameters: query(DROPOFF_QUERY_FIELDS), responses: { 200: json('conversations, steps'), ...errors } } },
      '/api/webhooks/dead': { get: { summary: 'Webhook deliveries given up on (dead letters); admin', responses: { 200: json('items: id, url, event, eventId, leadId, occurredAt, attempts, lastError'), ...errors } } },
      '/api/webhooks/dead/{id}/replay': { post: { summary: 'Send a dead webhook delivery again; admin', description: changeNote, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 204: { description: 'Queued again' }, ...errors } } },
      '/api/openapi.json': { get: { summary: 'This document', security: [], responses: { 200: json('OpenAPI 3.1') } } },
      '/console/api/session': { get: { summary: 'The signed-in console user and CSRF token', security: [{ consoleSession: [] }], responses: { 200: json('name, role, csrf, expiresAt'), 401: error } } },
      '/console/api/sign-in': { post: { summary: 'Sign in to the console (sets the session cookie); rate-limited', security: [], requestBody: body('SignIn'), responses: { 200: json('name, role, csrf, expiresAt'), 400: error, 401: error, 429: error } } },
      '/console/api/sign-out': { post: { summary: 'Sign out (clears the cookie)', description: changeNote, security: [{ consoleSession: [] }], responses: { 204: { description: 'Signed out' }, 403: error } } },
    },
  };
}

export function mountOpenApi(server: Server, publicUrl: string): Mounted {
  const document = JSON.stringify(openApiDocument(publicUrl));
  server.get('/api/openapi.json', async (_req, res) => {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.sendRaw(200, document);
  });
  return ROUTES_ONLY;
}
