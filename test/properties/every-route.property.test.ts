/**
 * Every HTTP route the server registers, probed with hostile requests: odd path parameters and
 * query strings, any body (malformed, deep, wide, huge, prototype-polluting keys), wrong content
 * types, odd headers, with and without the admin token. Never a 5xx; a 4xx is a JSON error.
 * A route added to the server and not to ROUTES below fails the coverage test.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_TOKEN } from '../support/app-harness.js';
import { hostileBody, hostileContentType, hostileHeaders, hostileString, queryString } from './support/hostile.js';
import { expectClientErrorHandled, send, startPropertyApp, type HostileRequest, type PropertyApp } from './support/property-app.js';

// Each property drives the real app dozens of times: minutes, not the default 30 s, on a busy 2-core CI machine.
vi.setConfig({ testTimeout: 300_000 });

interface RouteProbe {
  /** Query fields the route knows (hostile values are sent for them, and unknown fields too). */
  query?: readonly string[];
  /** Slack answers refusals with an empty body, as its protocol expects. */
  errorBody?: 'json' | 'none';
}

const LEAD_QUERY = ['stage', 'temperature', 'minScore', 'maxScore', 'email', 'channel', 'country', 'sector', 'companySize', 'q', 'from', 'to', 'sort', 'order', 'limit', 'skip'];
const PAGE: RouteProbe = {};

/** Every route, as restify lists it (`METHOD path`). */
const ROUTES: Record<string, RouteProbe> = {
  'GET /healthz': PAGE,
  'GET /readyz': PAGE,
  'POST /api/messages': PAGE,
  'GET /console': PAGE,
  'GET /console/*': PAGE,
  'GET /console/assets/console.js': PAGE,
  'GET /console/assets/styles.css': PAGE,
  'GET /console/api/session': PAGE,
  'POST /console/api/sign-in': PAGE,
  'POST /console/api/sign-out': PAGE,
  'GET /api/leads': { query: LEAD_QUERY },
  'GET /api/leads.csv': { query: LEAD_QUERY },
  'GET /api/leads/:id': PAGE,
  'DELETE /api/leads/:id': PAGE,
  'GET /api/webhooks/dead': { query: ['limit', 'skip'] },
  'POST /api/webhooks/dead/:id/replay': PAGE,
  'GET /api/funnel': { query: ['from', 'to', 'groupBy'] },
  'GET /api/openapi.json': PAGE,
  'GET /api/dialogs/flows': PAGE,
  'GET /api/dialogs/dropoff': { query: ['from', 'to', 'flow'] },
  'POST /api/leads/:id/stage': PAGE,
  'PUT /api/leads/:id/owner': PAGE,
  'POST /api/leads/:id/notes': PAGE,
  'GET /api/leads/:id/transcript': PAGE,
  'GET /api/leads/:id/export': PAGE,
  'OPTIONS /api/web/config': PAGE,
  'OPTIONS /api/web/behaviour': PAGE,
  'OPTIONS /api/web/conversations/:conversationId/start': PAGE,
  'OPTIONS /api/web/conversations/:conversationId/messages': PAGE,
  'OPTIONS /api/web/conversations/:conversationId/events': PAGE,
  'GET /widget.js': PAGE,
  'GET /api/web/config': PAGE,
  'POST /api/web/conversations/:conversationId/start': PAGE,
  'POST /api/web/conversations/:conversationId/messages': PAGE,
  'GET /api/web/conversations/:conversationId/events': { query: ['visitorId', 'after'] },
  'POST /api/web/behaviour': PAGE,
  'GET /': PAGE,
  'GET /produits/pilote-crm': PAGE,
  'GET /produits/pilote-campagnes': PAGE,
  'GET /tarifs': PAGE,
  'GET /contact': PAGE,
  'GET /en': PAGE,
  'GET /en/products/pilote-crm': PAGE,
  'GET /en/products/pilote-campaigns': PAGE,
  'GET /en/pricing': PAGE,
  'GET /en/contact': PAGE,
  'GET /demo/site.css': PAGE,
  'GET /demo/tarifs.js': PAGE,
  'POST /slack/events': { errorBody: 'none' },
};

/** Runs per route: ~50 routes, the whole file stays within a few seconds per route on a busy machine. */
const RUNS_PER_ROUTE = 15;

let app: PropertyApp;
beforeAll(async () => {
  app = await startPropertyApp();
});
afterAll(async () => {
  await app?.close();
});

function registeredRoutes(): string[] {
  const { routes } = app.running.app.server.getDebugInfo() as { routes: { method: string; path: string }[] };
  return routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
}

/** A path segment (or, for `*`, a tail) that is anything but a clean id. */
const percentEncoded = (s: string) => [...Buffer.from(s, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
const segment = fc.oneof(
  { weight: 4, arbitrary: hostileString.filter((s) => s.length > 0).map((s) => percentEncoded(s).slice(0, 900).replace(/%[0-9a-f]?$/, '')) },
  // Malformed percent-encoding: a lone %, a bad hex pair, a UTF-16 surrogate as UTF-8, an overlong "/".
  { weight: 1, arbitrary: fc.constantFrom('%', '%ZZ', '%ED%A0%80', '%C0%AF', '%FF%FE', '..', '%2e%2e', '%252e') },
);
const tail = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));

function hostileRequest(route: string, probe: RouteProbe): fc.Arbitrary<HostileRequest> {
  const [method, template] = route.split(' ') as [string, string];
  const names = [...template.matchAll(/:(\w+)|\*/g)].map((m) => m[0]);
  return fc
    .record({
      params: fc.tuple(...names.map((name) => (name === '*' ? tail : segment))),
      query: queryString(probe.query ?? ['q', 'limit']),
      headers: hostileHeaders,
      contentType: hostileContentType,
      admin: fc.boolean(),
      body: hostileBody,
    })
    .map(({ params, query, headers, contentType, admin, body }) => {
      let path = template;
      names.forEach((name, i) => (path = path.replace(name, params[i]!)));
      return {
        method,
        path: `${path}${query ? `?${query}` : ''}`,
        headers: { ...headers, 'content-type': contentType, ...(admin && { authorization: `Bearer ${ADMIN_TOKEN}` }) },
        body,
      };
    });
}

describe('every route under hostile requests', () => {
  it('covers every route the server registers and every path the OpenAPI document describes', async () => {
    const registered = registeredRoutes();
    expect(registered.filter((route) => !(route in ROUTES)), 'routes with no hostile-input property: add them to ROUTES').toEqual([]);
    expect(Object.keys(ROUTES).filter((route) => !registered.includes(route)), 'ROUTES lists routes the server no longer has').toEqual([]);
    const spec = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const described = Object.entries(spec.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    expect(described.length).toBeGreaterThan(10);
    expect(described.filter((route) => !(route in ROUTES))).toEqual([]);
  });

  it.each(Object.entries(ROUTES))('%s: never a 5xx, a 4xx is a JSON error', async (route, probe) => {
    await fc.assert(
      fc.asyncProperty(hostileRequest(route, probe), async (request) => {
        expectClientErrorHandled(await send(app.url, request), request, probe.errorBody);
      }),
      { numRuns: RUNS_PER_ROUTE },
    );
  });
});
