/**
 * Console sessions: a signed, expiring cookie (HMAC-SHA256), so any replica can check it and a
 * restart signs nobody out. The CSRF token is derived from the session id with the same key
 * (synchronizer token without server state): a page of another origin can neither read it nor
 * forge it, and every change must send it back in `X-CSRF-Token`.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Principal, Role } from '../http/admin-auth.js';
import { sameSecret } from '../http/admin-auth.js';

export const SESSION_COOKIE = 'leadq_console';

export interface Session extends Principal {
  id: string;
  expiresAt: number;
}

export class SessionCodec {
  private readonly key: Buffer;

  constructor(
    secret: string,
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    // A key of its own, so the session secret is never the admin token itself.
    this.key = createHmac('sha256', secret).update('leadq console session v1').digest();
  }

  issue(who: Principal): { cookieValue: string; session: Session } {
    const session: Session = { id: randomBytes(16).toString('base64url'), name: who.name, role: who.role, expiresAt: this.now() + this.ttlMs };
    const body = Buffer.from(JSON.stringify([session.id, session.name, session.role, session.expiresAt])).toString('base64url');
    return { cookieValue: `${body}.${this.sign(body)}`, session };
  }

  /** Null for anything not signed by us, malformed or expired. */
  verify(cookieValue: string | undefined): Session | null {
    if (!cookieValue || cookieValue.length > 1000) return null;
    const [body, signature, ...rest] = cookieValue.split('.');
    if (!body || !signature || rest.length > 0 || !sameSecret(signature, this.sign(body))) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (!Array.isArray(parsed) || parsed.length !== 4) return null;
    const [id, name, role, expiresAt] = parsed as unknown[];
    if (typeof id !== 'string' || typeof name !== 'string' || (role !== 'admin' && role !== 'sales') || typeof expiresAt !== 'number') return null;
    if (expiresAt <= this.now()) return null;
    return { id, name, role: role as Role, expiresAt };
  }

  csrfToken(session: Session): string {
    return this.sign(`csrf:${session.id}`);
  }

  checkCsrf(session: Session, given: string | undefined): boolean {
    return typeof given === 'string' && given.length < 200 && sameSecret(given, this.csrfToken(session));
  }

  private sign(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }
}

/** Reads one cookie from a `Cookie` header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
