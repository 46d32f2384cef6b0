/**
 * The one restify server every channel mounts on. No global body parser: routes read their
 * own bodies (see body.ts).
 */
import restify, { type Server } from 'restify';
import type { Store } from '../../core/ports/store.js';
import { createLogger } from '../../core/log.js';

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

export function createHttpServer(): Server {
  const server = restify.createServer({ name: 'leadq', handleUncaughtExceptions: false, log: httpLog as unknown as restify.ServerOptions['log'] });
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

export function mountHealth(server: Server, store: Store): void {
  server.get('/healthz', async (_req, res) => {
    const storeOk = await store.ping().catch(() => false);
    res.status(storeOk ? 200 : 503);
    res.json({ status: storeOk ? 'ok' : 'degraded', store: store.kind });
  });
}
