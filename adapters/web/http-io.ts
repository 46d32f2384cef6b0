/**
 * Request/response plumbing for the web channel's routes. The composition root installs no
 * global body parser, so each route reads its own body here, with a hard size limit.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJson, readRawBody } from '../http/body.js';
import { HttpError as BodyError } from '../http/errors.js';
import type { ErrorBody } from './protocol.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * The server's one body reader (size limit, JSON nesting limit), with this protocol's error codes
 * (adapters/web/README.md): `body_too_large`, `empty_body`, `malformed_json`, `too_deep`.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  try {
    const text = (await readRawBody(req, maxBytes)).toString('utf8');
    if (text.trim() === '') throw new HttpError(400, 'empty_body', 'The request body is empty; send a JSON object.');
    return parseJson(text);
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    if (error.status === 413) throw new HttpError(413, 'body_too_large', `The request body exceeds ${maxBytes} bytes.`, { maxBytes });
    if (error.code === 'invalid_json') throw new HttpError(400, 'malformed_json', 'The request body is not valid JSON.');
    throw new HttpError(error.status, error.code, error.message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    // A route may allow caching (the public widget config); everything else is per visitor.
    'cache-control': 'no-store',
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'x-content-type-options': 'nosniff',
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, error: HttpError, headers: Record<string, string> = {}): void {
  const body: ErrorBody = { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
  // Drain what the client is still sending, so a refused upload does not reset the connection.
  res.once('finish', () => res.req?.resume());
  sendJson(res, error.status, body, { ...headers, ...error.headers });
}

/** Client IP for rate limiting: the socket address, or the first X-Forwarded-For hop behind a trusted proxy. */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string' && forwarded.trim() !== '') return forwarded.split(',')[0]!.trim();
  return req.socket.remoteAddress ?? 'unknown';
}
