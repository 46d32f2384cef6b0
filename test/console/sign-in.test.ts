/**
 * Console sign-in over real HTTP: the admin token, named users with scrypt-hashed passwords and
 * their roles, the session cookie's attributes, tampered and expired cookies, sign-out, the
 * sign-in rate limit, hostile bodies, and the security headers.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionCodec } from '../../adapters/console/session.js';
import { hashPassword, verifyPassword } from '../../adapters/console/users.js';
import { ADMIN_TOKEN, startApp, type RunningApp } from '../support/app-harness.js';

let running: RunningApp;
let dir: string;
const SALES_PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'console-users-'));
  const file = path.join(dir, 'users.yaml');
  await writeFile(file, `users:\n  - { name: claire, role: sales, password: "${await hashPassword(SALES_PASSWORD)}" }\n`);
  running = await startApp({ env: { CONSOLE_USERS_FILE: file, CONSOLE_SIGN_IN_PER_MINUTE: '20' } });
});
afterAll(async () => {
  await running?.dispose();
  await rm(dir, { recursive: true, force: true });
});

// The limit is per client address: a forwarded-for header must not buy new attempts.
const signIn = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${running.url}/console/api/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250)}`, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;

describe('console sign-in', () => {
  it('signs in with the admin token: HttpOnly, SameSite=Strict, expiring cookie; session and CSRF token', async () => {
    const res = await signIn({ password: ADMIN_TOKEN });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Max-Age=28800/);
    expect(setCookie).not.toMatch(/Secure/); // http://127.0.0.1: a Secure cookie would never come back
    const body = (await res.json()) as { name: string; role: string; csrf: string };
    expect(body).toMatchObject({ name: 'admin', role: 'admin' });
    const session = await fetch(`${running.url}/console/api/session`, { headers: { cookie: cookieOf(res) } });
    expect(await session.json()).toMatchObject({ name: 'admin', role: 'admin', csrf: body.csrf });
  });

  it('signs in a named sales user, who may read leads but not erase or export', async () => {
    const res = await signIn({ name: 'claire', password: SALES_PASSWORD });
    expect(res.status).toBe(200);
    const { csrf, role } = (await res.json()) as { csrf: string; role: string };
    expect(role).toBe('sales');
    const headers = { cookie: cookieOf(res), 'x-csrf-token': csrf };
    expect((await fetch(`${running.url}/api/leads`, { headers })).status).toBe(200);
    const erase = await fetch(`${running.url}/api/leads/some-id`, { method: 'DELETE', headers });
    expect(erase.status).toBe(403);
    expect((await fetch(`${running.url}/api/leads/some-id/export`, { headers })).status).toBe(403);
    expect((await signIn({ name: 'claire', password: ADMIN_TOKEN })).status).toBe(401);
    expect((await signIn({ name: 'nobody', password: SALES_PASSWORD })).status).toBe(401);
  });

  it('refuses tampered and forged cookies, and signs out', async () => {
    const res = await signIn({ password: ADMIN_TOKEN });
    const { csrf } = (await res.json()) as { csrf: string };
    const cookie = cookieOf(res);
    const [name, value] = cookie.split('=') as [string, string];
    const [payload, signature] = value.split('.') as [string, string];
    const promoted = Buffer.from(Buffer.from(payload, 'base64url').toString().replace('"admin","admin"', '"root","admin"')).toString('base64url');
    for (const bad of [`${name}=${payload}.${signature.slice(0, -2)}xx`, `${name}=${promoted}.${signature}`, `${name}=garbage`, `${name}=${'a'.repeat(5000)}`]) {
      expect((await fetch(`${running.url}/api/leads`, { headers: { cookie: bad } })).status).toBe(401);
    }
    expect((await fetch(`${running.url}/console/api/sign-out`, { method: 'POST', headers: { cookie } })).status).toBe(403);
    const out = await fetch(`${running.url}/console/api/sign-out`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  });

  it('answers malformed sign-in bodies with a clear 4xx', async () => {
    expect((await signIn('{"password":')).status).toBe(400);
    expect((await signIn({ password: '' })).status).toBe(400);
    expect((await signIn({ password: ['x'] })).status).toBe(400);
    expect((await signIn({ password: 'x', role: 'admin' })).status).toBe(400);
    expect((await signIn({ password: 'x'.repeat(5000) })).status).toBe(413);
    expect((await signIn(JSON.stringify({ password: ADMIN_TOKEN }), { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('serves the console with a strict CSP and no inline script', async () => {
    const res = await fetch(`${running.url}/console/leads`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('limits sign-in attempts per client', async () => {
    let limited: Response | undefined;
    for (let i = 0; i < 30 && !limited; i++) {
      const res = await signIn({ password: `wrong-${i}` });
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(401);
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    // Even the right token waits now.
    expect((await signIn({ password: ADMIN_TOKEN })).status).toBe(429);
  });
});

describe('session codec and password hashes', () => {
  it('expires sessions', () => {
    let now = 1_000_000;
    const codec = new SessionCodec('secret', 60_000, () => now);
    const { cookieValue } = codec.issue({ name: 'admin', role: 'admin' });
    expect(codec.verify(cookieValue)?.name).toBe('admin');
    now += 60_001;
    expect(codec.verify(cookieValue)).toBeNull();
    expect(new SessionCodec('other secret', 60_000, () => 1_000_000).verify(cookieValue)).toBeNull();
  });

  it('verifies scrypt hashes and refuses malformed ones', async () => {
    const hash = await hashPassword('s3cret-passphrase');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('s3cret-passphrase', hash)).toBe(true);
    expect(await verifyPassword('s3cret-passphrasE', hash)).toBe(false);
    expect(await verifyPassword('x', 'plain-text-password')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$99999999$8$1$aaaa$bbbb')).toBe(false);
  });
});
