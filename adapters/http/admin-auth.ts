/**
 * Who is calling the admin API: a bearer token (scripts, the CSV in a spreadsheet) or, when the
 * console is mounted, its session cookie (see adapters/console).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'restify';
import { HttpError } from './errors.js';

export type Role = 'admin' | 'sales';

export interface Principal {
  name: string;
  role: Role;
}

/** Throws a 401/403 HttpError when the request may not go on. */
export type Authenticate = (req: Request) => Principal;

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
