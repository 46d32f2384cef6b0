/** MongoDB's duplicate-key error code; the embedded store throws the same so retry logic is shared. */
export const DUPLICATE_KEY = 11000;

/** Shaped like the driver's MongoServerError for E11000 (code, keyPattern, keyValue). */
export class DuplicateKeyError extends Error {
  readonly code = DUPLICATE_KEY;
  constructor(
    readonly collection: string,
    readonly index: string,
    readonly keyPattern: Record<string, 1 | -1>,
    readonly keyValue: Record<string, unknown>,
  ) {
    super(`E11000 duplicate key error collection: ${collection} index: ${index}`);
    this.name = 'DuplicateKeyError';
  }
}

export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === DUPLICATE_KEY;
}

/** The data directory is held by a process that must stop first (an older leadq still writing its logs). */
export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  constructor(
    readonly dataDir: string,
    readonly reason: string,
  ) {
    super(`The data directory "${dataDir}" is in use: ${reason}`);
    this.name = 'DataDirLockedError';
  }
}

/** The MongoDB server named by MONGODB_URI cannot be used (unreachable, bad URI, refused login). */
export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}
