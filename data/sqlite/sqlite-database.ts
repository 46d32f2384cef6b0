/**
 * The embedded store: one SQLite database, `DATA_DIR/leadq.db`, in WAL mode.
 *
 * Durability: a write is acknowledged only after its commit (tick-transaction.ts). By default
 * (`synchronous: 'full'`) the write-ahead log is also fsynced before the acknowledgement, so an
 * acknowledged write survives `kill -9` and also a power cut or kernel crash; grouping a tick's
 * writes into one transaction makes that one commit per tick, not per write, and commits made
 * while an fsync runs share the next one. SQLite's own
 * `synchronous = FULL` would fsync inside COMMIT, on the event loop; instead SQLite runs with
 * NORMAL (which syncs around checkpoints only) and this module fsyncs the log on libuv's thread
 * pool, so the next tick's writes run during the fsync — the same guarantee, without the stall.
 * With `synchronous: 'normal'` (SQLITE_SYNCHRONOUS) there is no fsync per commit: a commit is in
 * the OS's page cache, which survives `kill -9` but not a power cut (bench/README.md).
 *
 * Several processes: SQLite's own locking lets them share the file safely (transactions, unique
 * keys and conditional updates hold across processes; a writer waits up to BUSY_TIMEOUT_MS for
 * another's lock). The `sqlite3` shell can inspect the database while leadq runs.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import retry from 'retry';
import type { Doc, DocCollection, DocDatabase } from '../collection.js';
import type { StoreLogger } from '../store-logger.js';
import { Checkpointer } from './checkpointer.js';
import { SqliteCollection } from './sqlite-collection.js';
import { TickTransaction } from './tick-transaction.js';

export const DATABASE_FILE = 'leadq.db';
const BUSY_TIMEOUT_MS = 5000;
const DEFAULT_SWEEP_MS = 60_000;

/** SQLite's `synchronous` setting for the write-ahead log (see the module comment). */
export type SqliteSynchronous = 'full' | 'normal';

export interface SqliteOptions {
  logger?: StoreLogger;
  /** Default 'full'. */
  synchronous?: SqliteSynchronous;
  /** How often expired documents are deleted (MongoDB's TTL monitor runs every 60 s). */
  sweepEveryMs?: number;
  /** How often the checkpoint worker copies the write-ahead log into the database (checkpointer.ts). */
  checkpointEveryMs?: number;
}

export class SqliteDatabase implements DocDatabase {
  readonly kind = 'embedded' as const;
  readonly tx: TickTransaction;
  private readonly checkpointer: Checkpointer;
  private readonly collections = new Map<string, SqliteCollection<Doc>>();
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;
  /** The write-ahead log, opened at the first commit to fsync (synchronous 'full'). */
  private log: Promise<FileHandle> | null = null;
  /** The fsync under way, and the one that will start after it (see syncLog()). */
  private syncing: Promise<void> | null = null;
  private nextSync: Promise<void> | null = null;
  private readonly catalogueVersion: Database.Statement;

  private constructor(
    readonly dataDir: string,
    readonly db: Database.Database,
    private readonly options: SqliteOptions,
  ) {
    this.catalogueVersion = db.prepare('PRAGMA user_version').pluck();
    this.tx = new TickTransaction(db, options.synchronous === 'normal' ? undefined : () => this.syncLog(), () => this.refreshCatalogues());
    this.checkpointer = new Checkpointer(db, { busyTimeoutMs: BUSY_TIMEOUT_MS, everyMs: options.checkpointEveryMs, logger: options.logger });
    this.sweeper = setInterval(() => void this.expire().catch((err: unknown) => options.logger?.warn({ err }, 'could not delete expired documents')), options.sweepEveryMs ?? DEFAULT_SWEEP_MS);
    this.sweeper.unref();
  }

  static async open(dataDir: string, options: SqliteOptions = {}): Promise<SqliteDatabase> {
    const dir = path.resolve(dataDir);
    await mkdir(dir, { recursive: true });
    const db = new Database(path.join(dir, DATABASE_FILE), { timeout: BUSY_TIMEOUT_MS });
    try {
      // The durability below relies on the write-ahead log: refuse a file system that cannot keep one.
      const mode = await switchToWal(db);
      if (mode !== 'wal') throw new Error(`sqlite store: ${dir} cannot hold a write-ahead log (journal mode ${String(mode)})`);
      // 'full' fsyncs the log itself, off the event loop (see the module comment).
      db.pragma('synchronous = NORMAL');
      // Erasure: deleted rows are overwritten with zeros, not left in free pages (see purge()).
      db.pragma('secure_delete = ON');
      db.exec(`
        CREATE TABLE IF NOT EXISTS leadq_indexes (collection TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL, multikey INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (collection, name)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS leadq_imports (file TEXT PRIMARY KEY, documents INTEGER NOT NULL, at TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS leadq_health (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL);
      `);
    } catch (err) {
      db.close();
      throw err;
    }
    return new SqliteDatabase(dir, db, options);
  }

  /**
   * Makes every commit so far durable: fsyncs the write-ahead log (a checkpoint that moved frames
   * into the database file has already synced both). The handle stays open until close(), so the
   * log file — kept by SQLite while a connection is open — is always the one being written.
   */
  private syncLog(): Promise<void> {
    // One fsync at a time: commits made while one runs share the next, which starts when it ends
    // (an fsync started before a commit may miss it). Under load that is one fsync per fsync's
    // duration instead of one per commit, all queued on the same file.
    if (!this.syncing) return (this.syncing = this.fsyncLog());
    this.nextSync ??= this.syncing.catch(() => undefined).then(() => {
      this.nextSync = null;
      return (this.syncing = this.fsyncLog());
    });
    return this.nextSync;
  }

  private async fsyncLog(): Promise<void> {
    try {
      this.log ??= open(`${this.db.name}-wal`, 'r');
      // fdatasync, as SQLite itself syncs on Linux: the log's contents and size, not its timestamps.
      await (await this.log).datasync();
    } finally {
      if (!this.nextSync) this.syncing = null;
    }
  }

  /** Reloads the index catalogue of every collection whose catalogue changed (sqlite-collection.ts); true when one did. */
  private refreshCatalogues(): boolean {
    const version = this.catalogueVersion.get() as number;
    let reloaded = false;
    for (const collection of this.collections.values()) reloaded = collection.refresh(version) || reloaded;
    return reloaded;
  }

  collection<T extends Doc>(name: string): Promise<DocCollection<T>> {
    return Promise.resolve().then(() => this.collectionSync<T>(name));
  }

  /** The collection as the SQLite implementation (the import and the sweep need more than the contract). */
  collectionSync<T extends Doc>(name: string): SqliteCollection<T> {
    if (this.closed) throw new Error('sqlite store: the database is closed');
    if (!/^[a-z][a-z0-9_-]*$/.test(name)) throw new Error(`sqlite store: invalid collection name ${JSON.stringify(name)}`);
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new SqliteCollection<Doc>(name, this.db, this.tx);
      this.collections.set(name, collection);
    }
    return collection as unknown as SqliteCollection<T>;
  }

  /** Names of the collections opened so far. */
  get collectionNames(): string[] {
    return [...this.collections.keys()];
  }

  /** Applies every collection's TTL rules now; returns how many documents were deleted. */
  async expire(now = new Date()): Promise<number> {
    if (this.closed) return 0;
    const deleted = await this.tx.write(() => {
      let n = 0;
      for (const collection of this.collections.values()) for (const rule of collection.expiryRules) n += collection.expireSync(rule.field, rule.seconds, now);
      return n;
    });
    if (deleted > 0) this.options.logger?.info({ deleted }, 'deleted expired documents');
    return deleted;
  }

  /**
   * After an erasure: with secure_delete the database file holds no deleted content; the WAL
   * still holds the pages as they were before, so it is checkpointed into the file and truncated.
   */
  async purge(): Promise<void> {
    if (this.closed) return;
    await this.tx.settled().catch(() => undefined);
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /**
   * True when the database answers and can write. Reads go on working on a full or read-only
   * disk, so while writes are being refused a probe write finds out when they are accepted again.
   */
  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      if (this.db.prepare('SELECT 1 AS ok').get() === undefined) return false;
      if (this.tx.failing) await this.tx.write(() => this.db.prepare('INSERT OR REPLACE INTO leadq_health (id, at) VALUES (1, ?)').run(new Date().toISOString()));
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweeper);
    await this.tx.settled().catch(() => undefined);
    await this.checkpointer.close();
    this.db.close();
    await (await this.log?.catch(() => null))?.close();
  }
}

/**
 * Switches the file to WAL (a no-op once it is). Two processes opening a new file at the same
 * instant both try to switch it, and the loser gets SQLITE_BUSY at once — SQLite skips the busy
 * timeout there to avoid a deadlock — so that one case is retried briefly.
 */
function switchToWal(db: Database.Database): Promise<unknown> {
  const attempts = retry.operation({ retries: 20, minTimeout: 10, maxTimeout: 250 });
  return new Promise((resolve, reject) => {
    attempts.attempt(() => {
      try {
        resolve(db.pragma('journal_mode = WAL', { simple: true }));
      } catch (err) {
        if ((err as { code?: unknown }).code === 'SQLITE_BUSY' && attempts.retry(err as Error)) return;
        reject(err);
      }
    });
  });
}
