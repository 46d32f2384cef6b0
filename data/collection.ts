/**
 * The one small collection abstraction repositories are written against. Two implementations:
 * `mongodb/mongo-database.ts` (thin wrapper over the driver) and `sqlite/sqlite-collection.ts`
 * (JSON documents in SQLite, filters as SQL, mingo for what SQL cannot answer exactly).
 * Only what the repositories use is here, so both sides can give identical answers.
 */
export interface Doc {
  _id: string;
}

export type Filter = Record<string, unknown>;
export type Sort = Record<string, 1 | -1>;

/** Update operators the repositories use; the SQLite store refuses anything else. */
export interface Update {
  $set?: Record<string, unknown>;
  $unset?: Record<string, ''>;
  $inc?: Record<string, number>;
  /** Keep the larger (`$max`) or smaller (`$min`) of the stored and given value: commutative, so concurrent writers agree. */
  $max?: Record<string, number>;
  $min?: Record<string, number>;
  $push?: Record<string, unknown>;
  /** Always `{ field: { $each: [...] } }` with distinct values. */
  $addToSet?: Record<string, { $each: unknown[] }>;
}

export interface IndexSpec {
  name: string;
  key: Record<string, 1 | -1>;
  unique?: boolean;
  partialFilterExpression?: Filter;
  /**
   * Retention, as a MongoDB TTL index: a document whose date field (the single key) is older than
   * this many seconds is deleted by the database (MongoDB's TTL monitor; the SQLite store's
   * periodic sweep). Documents without a date there never expire.
   */
  expireAfterSeconds?: number;
}

export interface FindOptions {
  sort?: Sort;
  skip?: number;
  limit?: number;
  /** Only these top-level fields (and `_id`): a report reads less than whole documents. */
  projection?: readonly string[];
}

/** What `groupCount` groups by and adds up. */
export interface GroupSpec {
  /** Dotted paths whose combination of values makes a group (missing reads as null). */
  by: readonly string[];
}

export interface GroupRow {
  /** The values of `by`, in order. */
  key: unknown[];
  count: number;
}

export interface DocCollection<T extends Doc> {
  /**
   * True when writes are applied in the order they are called, even before they are awaited, and
   * those called in one tick are committed together (the embedded store's group commit): a
   * repository may then issue a write that depends on another without waiting for it.
   */
  readonly appliesInCallOrder: boolean;
  /** Idempotent. */
  createIndexes(specs: readonly IndexSpec[]): Promise<void>;
  findOne(filter: Filter, options?: { sort?: Sort }): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  count(filter: Filter): Promise<number>;
  /** `find` and `count` of the same filter: a page and the total number of matches. */
  page(filter: Filter, options?: FindOptions): Promise<{ items: T[]; total: number }>;
  /** Number of documents per distinct value of a top-level field. */
  countBy(field: string): Promise<Map<unknown, number>>;
  /**
   * Documents matching `filter`, counted per group in the database (SQL `GROUP BY`, MongoDB
   * `$group`): reports read a few rows, not every document. Only field paths and `$sum: 1`:
   * FerretDB 1.24 implements little more (no `$cond`, `$dateToString`, `$min`), so reports group
   * on plain stored values and add up in leadq.
   */
  groupCount(filter: Filter, spec: GroupSpec): Promise<GroupRow[]>;
  /** Throws a duplicate-key error (code 11000) on a unique index violation. */
  insertOne(doc: T): Promise<void>;
  /** True when a document matched. */
  updateOne(filter: Filter, update: Update): Promise<boolean>;
  /** Updates every match; the number of documents matched. */
  updateMany(filter: Filter, update: Update): Promise<number>;
  /** Updates the first match (in `sort` order) and returns it after the update. */
  findOneAndUpdate(filter: Filter, update: Update, options?: { sort?: Sort }): Promise<T | null>;
  deleteOne(filter: Filter): Promise<boolean>;
  /** Number of documents deleted. */
  deleteMany(filter: Filter): Promise<number>;
}

export interface DocDatabase {
  readonly kind: 'embedded' | 'mongodb';
  collection<T extends Doc>(name: string): Promise<DocCollection<T>>;
  ping(): Promise<boolean>;
  /**
   * After an erasure: deleted documents must not linger in the store's files. The embedded store
   * rewrites its logs; a server database (MongoDB) manages its own files and does nothing here.
   */
  purge(): Promise<void>;
  close(): Promise<void>;
}
