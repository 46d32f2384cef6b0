/**
 * Every admin route goes through `guard`: authenticate, check the role, refuse query fields the
 * route does not know (naming the ones it does), and answer every failure in the JSON error shape.
 */
import type { Request, Response } from 'restify';
import type { Authenticate, Principal, Role } from './admin-auth.js';
import { HttpError, sendError } from './errors.js';

export type GuardedHandler = (req: Request, res: Response, who: Principal) => Promise<void>;

export interface RouteRules {
  /** Default: sales (any signed-in user). */
  role?: Role;
  /** Query fields the route accepts; default none. */
  query?: readonly string[];
}

/** Refuses query fields a route does not know, naming the ones it does. */
export function onlyKnown(query: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(query).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new HttpError(400, 'unknown_query_field', `Unknown query field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k.slice(0, 50)}"`).join(', ')}; allowed: ${allowed.join(', ')}`);
  }
}

export function guard(authenticate: Authenticate) {
  return (handler: GuardedHandler, rules: RouteRules = {}) =>
    async (req: Request, res: Response): Promise<void> => {
      // Lead data must not stay in browser or proxy caches, and neither may a refusal.
      res.header('Cache-Control', 'no-store');
      try {
        const who = authenticate(req);
        if (rules.role === 'admin' && who.role !== 'admin') throw new HttpError(403, 'forbidden', 'This action needs the admin role');
        onlyKnown((req.query ?? {}) as Record<string, unknown>, rules.query ?? []);
        await handler(req, res, who);
      } catch (err) {
        if (err instanceof HttpError && err.status === 401) res.header('WWW-Authenticate', 'Bearer');
        sendError(res, err);
      }
    };
}
