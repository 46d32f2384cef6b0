/** Errors an outbox handler throws to tell the worker how to retry. */

/** The remote asked us to come back later (HTTP 429 Retry-After): retry no earlier than that. */
export class RetryAfterError extends Error {
  constructor(
    readonly retryAfterMs: number,
    message = `Rate limited: retry after ${retryAfterMs} ms`,
  ) {
    super(message);
    this.name = 'RetryAfterError';
  }
}

/** Retrying cannot help (bad configuration, invalid request): the item goes straight to `dead`. */
export class PermanentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}
