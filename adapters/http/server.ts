/**
 * The one restify server every channel mounts on. No global body parser: routes read their
 * own bodies (see body.ts).
 */
import restify, { type Server } from 'restify';
import type { Store } from '../../core/ports/store.js';

export function createHttpServer(): Server {
  const server = restify.createServer({ name: 'leadq', handleUncaughtExceptions: false });
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

/**
 * `GET /readyz`: 200 only when every check passes (e.g. store reachable, widget bundle built),
 * else 503 with each check's result. A load balancer sends traffic on
 * readiness; `/healthz` is for liveness.
 */
export function mountReadiness(server: Server, checks: Record<string, () => boolean | Promise<boolean>>): void {
  server.get('/readyz', async (_req, res) => {
    const results = Object.fromEntries(await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await Promise.resolve().then(check).catch(() => false)] as const)));
    const ready = Object.values(results).every(Boolean);
    res.status(ready ? 200 : 503);
    res.json({ ready, checks: results });
  });
}
