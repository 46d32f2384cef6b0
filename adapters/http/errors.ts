/** JSON errors with a stable machine code and a human message: `{ error: { code, message } }`. */
import type { Response } from 'restify';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function sendError(res: Response, err: unknown): void {
  const httpError = err instanceof HttpError ? err : new HttpError(500, 'internal_error', 'Internal error');
  if (res.headersSent) return;
  res.status(httpError.status);
  res.json({ error: { code: httpError.code, message: httpError.message } });
}
