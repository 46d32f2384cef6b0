/**
 * Who is calling the admin API. A bearer token (scripts, the CSV in a spreadsheet) or, when the
 * console is mounted, its session cookie. Routes say which role they need; `guard` turns every
 * failure into the JSON error shape.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'restify';
import { HttpError, sendError } from './errors.js';

export type Role = 'admin' | 'sales';

export interface Principal {
  name: string;
  role: Role;
}

/** Throws a 401/403 HttpError when the request may not go on. */
export type Authenticate = (req: Request) => Principal;

export type GuardedHandler = (req: Request, res: Response, who: Principal) => Promise<void>;

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Equal-time comparison of secrets of any length. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** Undefined when the request carries no `Authorization` header; a 401 when it carries a wrong one. */
export function bearerPrincipal(req: Request, adminToken: string | undefined): Principal | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  if (!adminToken) throw new HttpError(401, 'admin_disabled', 'The admin API is disabled: set ADMIN_TOKEN');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1] || !sameSecret(match[1], adminToken)) throw new HttpError(401, 'unauthorized', 'Missing or invalid bearer token');
  return { name: 'admin', role: 'admin' };
}

export function bearerOnly(adminToken: string | undefined): Authenticate {
  return (req) => {
    const who = bearerPrincipal(req, adminToken);
    if (!who) {
      if (!adminToken) throw new HttpError(401, 'admin_disabled', 'The admin API is disabled: set ADMIN_TOKEN');
      throw new HttpError(401, 'unauthorized', 'Missing or invalid bearer token');
    }
    return who;
  };
}

/** Wraps a handler: authenticate, check the role, answer errors as JSON. */
export function guard(authenticate: Authenticate) {
  return (handler: GuardedHandler, role: Role = 'sales') =>
    async (req: Request, res: Response): Promise<void> => {
      try {
        const who = authenticate(req);
        if (role === 'admin' && who.role !== 'admin') throw new HttpError(403, 'forbidden', 'This action needs the admin role');
        await handler(req, res, who);
      } catch (err) {
        if (err instanceof HttpError && err.status === 401) res.header('WWW-Authenticate', 'Bearer');
        sendError(res, err);
      }
    };
}
