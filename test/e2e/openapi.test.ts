/**
 * /api/openapi.json matches the routes the server registers (both ways), every documented query
 * parameter list is exactly what the route accepts (an unknown field is a 400 naming them), and
 * bodies are checked by their documented schema (unknown, missing, oversized, malformed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '../../core/lead/model.js';
import { ADMIN_TOKEN, startApp, type RunningApp } from '../support/app-harness.js';
import { BotFrameworkClient } from '../support/bf-client.js';
import { converse, ENGLISH_WARM } from './answers.js';

interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
}
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

let running: RunningApp;
let doc: OpenApi;
let lead: Lead;

beforeAll(async () => {
  running = await startApp();
  const res = await fetch(`${running.url}/api/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as OpenApi;
  const client = new BotFrameworkClient(running.url, { locale: 'en-GB' });
  await client.say('hello');
  await converse(client, ENGLISH_WARM);
  lead = ((await (await running.admin('/api/leads?email=john.oneil%40globex.co.uk')).json()) as { items: Lead[] }).items[0]!;
});
afterAll(async () => {
  await running?.dispose();
});

/** The admin routes restify has: everything under /api/ but the channels' own endpoints, and the console's API. */
function registeredRoutes(): string[] {
  const routes = (running.app.server.getDebugInfo() as { routes: { method: string; path: string }[] }).routes;
  return routes
    .filter((r) => (r.path.startsWith('/api/') && r.path !== '/api/messages' && !r.path.startsWith('/api/web/')) || r.path.startsWith('/console/api/'))
    .map((r) => `${r.method.toUpperCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
    .sort();
}

const documented = () => Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort();

const send = (method: string, path: string, body: string, type = 'application/json') =>
  fetch(`${running.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': type }, body });

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists exactly the registered admin routes', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(registeredRoutes().length).toBeGreaterThan(10);
    expect(documented()).toEqual(registeredRoutes());
  });

  it('documents exactly the query fields each GET route accepts, which the route names when refusing an unknown one', async () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      const get = ops.get;
      if (!get || path.startsWith('/console/') || path === '/api/openapi.json') continue;
      const concrete = path.replace('{id}', lead._id);
      const res = await running.admin(`${concrete}?bogus=1`);
      expect(res.status, path).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('unknown_query_field');
      const allowed = /allowed: (.*)$/.exec(error.message)?.[1]?.split(', ').filter(Boolean) ?? [];
      const params = (get.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      expect(allowed.sort(), path).toEqual(params.sort());
    }
  });

  it('refuses bad values with a message naming the allowed ones', async () => {
    const sort = await running.admin('/api/leads?sort=name');
    expect(sort.status).toBe(400);
    expect(((await sort.json()) as { error: { message: string } }).error.message).toBe('"sort" must be one of updatedAt, score, createdAt');
    expect((await running.admin('/api/funnel?groupBy=planet')).status).toBe(400);
    expect((await running.admin('/api/funnel?from=2026-13-45')).status).toBe(400);
    expect((await running.admin('/api/funnel?from=2026-12-02&to=2026-12-01')).status).toBe(400);
    expect((await running.admin('/api/leads?stage=mql&stage=sql')).status).toBe(400);
  });

  it('checks every body against its documented schema', async () => {
    const schemaOf = (path: string, method: string) => doc.components.schemas[doc.paths[path]![method]!.requestBody!.content['application/json']!.schema.$ref.split('/').at(-1)!]!;
    expect(Object.keys(schemaOf('/api/leads/{id}/notes', 'post').properties!)).toEqual(['text']);
    const notes = `/api/leads/${lead._id}/notes`;
    const unknown = await send('POST', notes, JSON.stringify({ text: 'hi', $set: { stage: 'sql' } }));
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('unknown field "$set" (allowed: text)');
    expect((await send('POST', notes, JSON.stringify({}))).status).toBe(400);
    expect((await send('POST', notes, JSON.stringify({ text: 'x'.repeat(5001) }))).status).toBe(400);
    expect((await send('POST', notes, JSON.stringify({ text: { $gt: '' } }))).status).toBe(400);
    expect((await send('POST', notes, '{"text": "unterminated')).status).toBe(400);
    expect((await send('POST', notes, JSON.stringify({ text: 'hi' }), 'text/plain')).status).toBe(415);
    expect((await send('POST', notes, JSON.stringify({ text: 'y'.repeat(20_000) }))).status).toBe(413);
    expect((await send('POST', `/api/leads/${lead._id}/stage`, JSON.stringify({ stage: 'visitor' }))).status).toBe(400);
    expect((await send('POST', `/api/leads/${lead._id}/stage`, JSON.stringify({ stage: 'rejected' }))).status).toBe(400);
    expect((await send('PUT', `/api/leads/${lead._id}/owner`, JSON.stringify({ owner: ['a'] }))).status).toBe(400);
    // Nothing of the refused requests reached the lead.
    const after = (await (await running.admin(`/api/leads/${lead._id}`)).json()) as Lead;
    expect(after.notes).toBeUndefined();
    expect(after.stage).toBe(lead.stage);
    expect(after.owner).toBeUndefined();
  });
});
