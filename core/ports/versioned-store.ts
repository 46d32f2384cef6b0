/**
 * Conversation state with real optimistic concurrency: every write names the version it was
 * based on, and a stale write is refused so the turn can be retried on fresh state.
 */
export interface Versioned<T> {
  value: T;
  eTag: string;
}

/** Retention of a written value; without either option it is kept until deleted. */
export interface WriteOptions {
  /** The store deletes the value once this date has passed. */
  expiresAt?: Date;
  /** Conversation state: the store deletes the value once it was not written for its conversation retention (RETENTION_ANONYMOUS_DAYS). */
  expireWhenIdle?: boolean;
  /** The person the value is about: remembered with it, so erasing them removes it. */
  owner?: StateOwner;
}

export interface VersionedStore {
  read<T>(key: string): Promise<Versioned<T> | null>;
  /**
   * Write `value` if the stored version is `expectedETag` (`null`: the key must not exist yet).
   * Returns the new eTag. Throws ConcurrencyError when someone else wrote first.
   */
  write<T>(key: string, value: T, expectedETag: string | null, options?: WriteOptions): Promise<string>;
  /** Delete; with an eTag, only if it still matches (else ConcurrencyError). */
  delete(key: string, expectedETag?: string): Promise<void>;
  /** Erasure: delete every record written on behalf of these visitors (see StateOwner). */
  removeByVisitor(visitorIds: readonly string[]): Promise<number>;
}

/**
 * The person a record is about (the bot's visitor id, `<channel>:<user id>`). Remembered with the
 * record (every owner that ever wrote it), so erasing that person removes it.
 */
export interface StateOwner {
  visitorId: string;
}

export class ConcurrencyError extends Error {
  readonly code = 'ETAG_CONFLICT';
  constructor(readonly key: string) {
    super(`Concurrent update of "${key}": the stored version changed since it was read`);
    this.name = 'ConcurrencyError';
  }
}
