/**
 * Which web pages may talk to the channel. Browsers always send `Origin` on cross-origin
 * requests (and on same-origin POSTs), so a page on a non-allowed site gets a 403 before any
 * work is done. Requests without `Origin` are not from another site's page (curl, same-origin
 * GET) and pass; rate limits still apply to them.
 */
import type { IncomingMessage } from 'node:http';

export class OriginPolicy {
  private readonly anyOrigin: boolean;
  private readonly allowed: Set<string>;

  constructor(allowedOrigins: readonly string[]) {
    this.anyOrigin = allowedOrigins.includes('*');
    this.allowed = new Set(allowedOrigins.filter((o) => o !== '*').map(normalise));
  }

  /** The request's Origin header, or undefined when absent. */
  originOf(req: IncomingMessage): string | undefined {
    const origin = req.headers.origin;
    return typeof origin === 'string' && origin !== '' ? origin : undefined;
  }

  isAllowed(req: IncomingMessage): boolean {
    const origin = this.originOf(req);
    if (origin === undefined) return true;
    if (this.anyOrigin || this.allowed.has(normalise(origin))) return true;
    return isSameOrigin(origin, req.headers.host);
  }

  /** CORS response headers for an allowed request (empty for requests without Origin). */
  corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = this.originOf(req);
    if (origin === undefined) return {};
    return { 'access-control-allow-origin': origin, vary: 'Origin' };
  }

  preflightHeaders(req: IncomingMessage): Record<string, string> {
    return {
      ...this.corsHeaders(req),
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'content-type, last-event-id',
      'access-control-max-age': '600',
    };
  }
}

function normalise(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    return origin;
  }
}

function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
