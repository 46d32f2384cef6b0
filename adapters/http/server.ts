/**
 * The one restify server every channel mounts on. No global body parser: routes read their
 * own bodies (see body.ts).
 */
import restify, { type Server } from 'restify';
import type { Store } from '../../core/ports/store.js';
import { createLogger } from '../../core/log.js';
import { ROUTES_ONLY, type Mounted } from './mounted.js';

/** restify logs `req`/`res` objects whole (headers included: Authorization, cookies); only the request line is kept. */
const httpLog = createLogger('http').child({}, {
  serializers: {
    req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url?.split('?')[0] }),
    res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
  },
});

/**
 * On every response. API answers and scripts load nothing and may not be framed; HTML pages
 * replace the CSP with their own (demo-site.ts).
 */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
} as const;

/**
 * An idle connection is kept longer than a load balancer keeps its own (60 s on the usual ones):
 * with Node's 5 s, the proxy or a busy client may send a request on a connection the server is
 * closing at that moment, and it fails ("fetch failed" in the bench past saturation, a 502 behind
 * a proxy). Headers must then be allowed a little longer than that.
 */
export const KEEP_ALIVE_SECONDS = 65;

/**
 * Connections the kernel may hold for the server before it accepts them. Node's default, 511, is
 * passed when a burst of new visitors meets a busy event loop: 2,000 visitors arriving at once
 * overflowed it about 10,000 times in 20 s and a few hundred requests were reset ("ECONNRESET"
 * in the bench). Linux caps it at `net.core.somaxconn` (4,096 by default since 5.4).
 */
export const LISTEN_BACKLOG = 4096;

export function createHttpServer(): Server {
  const server = restify.createServer({ name: 'leadq', handleUncaughtExceptions: false, log: httpLog as unknown as restify.ServerOptions['log'] });
  server.server.keepAliveTimeout = KEEP_ALIVE_SECONDS * 1000;
  server.server.headersTimeout = (KEEP_ALIVE_SECONDS + 1) * 1000;
  server.pre((_req, res, next) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    next();
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // restify answers unknown routes with its own error shape; keep ours consistent.
  server.on('NotFound', (_req, res) => {
    res.status(404);
    res.json({ error: { code: 'not_found', message: 'No such route' } });
  });
  server.on('MethodNotAllowed', (_req, res) => {
    res.status(405);
    res.json({ error: { code: 'method_not_allowed', message: 'Method not allowed on this route' } });
  });
  return server;
}

export function mountHealth(server: Server, store: Store): Mounted {
  server.get('/healthz', async (_req, res) => {
    const storeOk = await store.ping().catch(() => false);
    res.status(storeOk ? 200 : 503);
    res.json({ status: storeOk ? 'ok' : 'degraded', store: store.kind });
  });
  return ROUTES_ONLY;
}

/**
 * `GET /readyz`: 200 only when every check passes (e.g. store reachable, widget bundle built),
 * else 503 with each check's result. A load balancer sends traffic on
 * readiness; `/healthz` is for liveness.
 */
export function mountReadiness(server: Server, checks: Record<string, () => boolean | Promise<boolean>>): Mounted {
  server.get('/readyz', async (_req, res) => {
    const results = Object.fromEntries(await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await Promise.resolve().then(check).catch(() => false)] as const)));
    const ready = Object.values(results).every(Boolean);
    res.status(ready ? 200 : 503);
    res.json({ ready, checks: results });
  });
  return ROUTES_ONLY;
}
