/**
 * `/console`: the page shell, its bundled script and styles, and sign-in / sign-out. The data
 * comes from the admin API (`/api/*`), which accepts the console's session cookie (with the CSRF
 * header on every change) as well as the bearer token: see `consoleAuthenticate`.
 */
import type { Request, Response, Server } from 'restify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { bearerPrincipal, sameSecret, type Authenticate, type Principal } from '../http/admin-auth.js';
import { checkBody } from '../http/admin-schemas.js';
import { readJsonObject } from '../http/body.js';
import { HttpError, sendError } from '../http/errors.js';
import { buildConsoleBundle, type Asset, type ConsoleBundle } from './console-bundle.js';
import { setSecurityHeaders } from './security-headers.js';
import { readCookie, SESSION_COOKIE, SessionCodec, type Session } from './session.js';
import { checkSignIn, type ConsoleUser } from './users.js';
import { ROUTES_ONLY, type Mounted } from '../http/mounted.js';

export interface ConsoleOptions {
  adminToken: string | undefined;
  users: readonly ConsoleUser[];
  /** Signs session cookies; default: derived from ADMIN_TOKEN. */
  sessionSecret: string | undefined;
  sessionTtlMs: number;
  publicUrl: string;
  /** Sign-in attempts per client IP and minute. */
  signInPerMinute: number;
  /** The team's language (that of the score reasons and Slack alerts): the console's when the browser speaks neither French nor English. */
  language?: 'fr' | 'en';
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const shellPage = (language: string): string => `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>leadq console</title>
<link rel="stylesheet" href="/console/assets/styles.css">
<script src="/console/assets/console.js" defer></script>
</head>
<body><main id="app" aria-live="polite"><p class="loading">Loading…</p></main></body>
</html>
`;

export interface MountedConsole extends Mounted {
  /** For the admin API: bearer token, or the console's session cookie + CSRF header on changes. */
  authenticate: Authenticate;
  /** Built bundle (for size measurements). */
  bundle(): Promise<ConsoleBundle>;
}

export function mountConsole(server: Server, options: ConsoleOptions): MountedConsole {
  const secret = options.sessionSecret ?? options.adminToken;
  const codec = secret ? new SessionCodec(secret, options.sessionTtlMs) : undefined;
  const https = options.publicUrl.startsWith('https:');
  const limiter = new RateLimiterMemory({ keyPrefix: 'console-sign-in', points: options.signInPerMinute, duration: 60 });
  let bundle: Promise<ConsoleBundle> | undefined;
  const getBundle = (): Promise<ConsoleBundle> => (bundle ??= buildConsoleBundle());
  void getBundle().catch(() => undefined);

  const session = (req: Request): Session | null => codec?.verify(readCookie(req.headers.cookie, SESSION_COOKIE)) ?? null;

  const cookie = (value: string, maxAgeSec: number): string =>
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSec}${https ? '; Secure' : ''}`;

  const json = (handler: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    setSecurityHeaders(res, https);
    res.header('Cache-Control', 'no-store');
    try {
      await handler(req, res);
    } catch (err) {
      sendError(res, err);
    }
  };

  const page = shellPage(options.language ?? 'en');
  const shell = async (_req: Request, res: Response): Promise<void> => {
    setSecurityHeaders(res, https);
    res.header('Cache-Control', 'no-cache');
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.sendRaw(200, page);
  };
  server.get('/console', shell);
  server.get('/console/*', shell);

  const serveAsset = (pick: (b: ConsoleBundle) => Asset) => async (req: Request, res: Response) => {
    setSecurityHeaders(res, https);
    const file = pick(await getBundle());
    res.header('ETag', file.etag);
    res.header('Cache-Control', 'no-cache');
    res.header('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === file.etag) {
      res.send(304);
      return;
    }
    res.setHeader('Content-Type', file.type);
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (gzip) res.header('Content-Encoding', 'gzip');
    res.sendRaw(200, gzip ? file.gzip : file.body);
  };
  server.get('/console/assets/console.js', serveAsset((b) => b.js));
  server.get('/console/assets/styles.css', serveAsset((b) => b.css));

  const describe = (s: Session) => ({ name: s.name, role: s.role, csrf: codec!.csrfToken(s), expiresAt: new Date(s.expiresAt).toISOString() });

  server.get('/console/api/session', json(async (req, res) => {
    const current = session(req);
    if (!current) throw new HttpError(401, 'signed_out', 'Not signed in');
    res.json(describe(current));
  }));

  server.post('/console/api/sign-in', json(async (req, res) => {
    if (!codec) throw new HttpError(503, 'console_disabled', 'The console is disabled: set ADMIN_TOKEN (or CONSOLE_SESSION_SECRET and CONSOLE_USERS_FILE)');
    try {
      await limiter.consume(req.socket.remoteAddress ?? 'unknown');
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      res.header('Retry-After', String(Math.ceil(err.msBeforeNext / 1000)));
      throw new HttpError(429, 'too_many_attempts', 'Too many sign-in attempts; try again in a minute');
    }
    const { name = '', password } = checkBody<{ name?: string; password: string }>('SignIn', await readJsonObject(req, 4096));
    const who: Principal | null = await checkSignIn(options.users, options.adminToken, name.trim(), password, sameSecret);
    if (!who) throw new HttpError(401, 'wrong_password', 'Wrong name or password');
    const issued = codec.issue(who);
    res.header('Set-Cookie', cookie(issued.cookieValue, Math.floor(options.sessionTtlMs / 1000)));
    res.json(describe(issued.session));
  }));

  server.post('/console/api/sign-out', json(async (req, res) => {
    const current = session(req);
    if (current && !codec!.checkCsrf(current, header(req, 'x-csrf-token'))) throw new HttpError(403, 'csrf', 'Missing or wrong CSRF token');
    res.header('Set-Cookie', cookie('', 0));
    res.send(204);
  }));

  return {
    ...ROUTES_ONLY,
    bundle: getBundle,
    authenticate: (req) => {
      const bearer = bearerPrincipal(req, options.adminToken);
      if (bearer) return bearer;
      const current = session(req);
      if (!current) throw new HttpError(401, 'unauthorized', 'Sign in at /console, or send Authorization: Bearer <ADMIN_TOKEN>');
      // The cookie is sent by the browser on its own; a change must also prove it came from our page.
      if (!SAFE_METHODS.has(req.method ?? 'GET') && !codec!.checkCsrf(current, header(req, 'x-csrf-token'))) {
        throw new HttpError(403, 'csrf', 'Missing or wrong CSRF token (X-CSRF-Token)');
      }
      return { name: current.name, role: current.role };
    },
  };
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}
