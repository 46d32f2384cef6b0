/**
 * Group commit: every write started in the same event-loop tick runs in one SQLite transaction,
 * committed once in the next `setImmediate`; each caller is acknowledged only after that commit
 * and, when a `sync` is given, after it has made the commit durable (one fsync per tick, run off
 * the event loop while the next tick's writes go on). A write runs synchronously inside its own
 * savepoint, so a failing write (say, a duplicate key) is rolled back alone and the others of the
 * tick still commit.
 *
 * Reads run at once but are answered only once every write they may have seen is acknowledged:
 * nobody sees a write that a crash could still undo. A read whose answer depends on one document
 * only (a look-up by `_id`) waits for the transaction that last wrote that document, if it is not
 * acknowledged yet, and for nothing else: under load some other visitor's write is always waiting
 * for its fsync, and a turn makes several such look-ups one after the other.
 *
 * `freshness()` tells the collections' caches of documents when what they hold may be out of
 * date without a write of this connection saying so: another connection (another process on the
 * same file) committed, or a write of this one was undone.
 *
 * `failing` says whether the database refused the last write for a reason of its own (disk full,
 * read-only, I/O error), as opposed to a write that broke a rule (a duplicate key): health checks
 * report that, since reads keep working on a database that cannot write.
 */
import type { Database, Statement } from 'better-sqlite3';

interface Batch {
  /** Settles once the batch is committed and durable (or failed). */
  done: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
  /** The documents it wrote (see wrote()). */
  keys: string[];
}

export class TickTransaction {
  /** The transaction open in this tick, if any. */
  private batch: Batch | null = null;
  /** The newest batch not yet acknowledged (open, or committed and being made durable). */
  private newest: Batch | null = null;
  /** Per document written by a batch not yet acknowledged, the newest such batch. */
  private readonly writers = new Map<string, Batch>();
  /** The last write the database itself refused (see the module comment); cleared by the next commit. */
  failing = false;
  private readonly begin: Statement;
  private readonly commit: Statement;
  private readonly rollback: Statement;
  private readonly savepoint: Statement;
  private readonly release: Statement;
  private readonly rollbackTo: Statement;
  private readonly dataVersion: Statement;
  /** SQLite's data_version when last looked at: it changes when another connection commits. */
  private seenDataVersion: number;
  private generation = 0;

  /**
   * `sync`, when given, makes every commit so far durable (an fsync of the write-ahead log).
   * `refresh`, when given, brings what the callers know of the schema up to date (true when it
   * changed anything): run at the start of each transaction, after a write is undone, and before
   * retrying a read that failed.
   */
  constructor(
    private readonly db: Database,
    private readonly sync?: () => Promise<void>,
    private readonly refresh?: () => boolean,
  ) {
    // IMMEDIATE: take the write lock at once, so a concurrent process makes this wait (busy
    // timeout) rather than fail at commit time.
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT op');
    this.release = db.prepare('RELEASE op');
    this.rollbackTo = db.prepare('ROLLBACK TO op');
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.seenDataVersion = this.dataVersion.get() as number;
  }

  /** A number that changes whenever a cache of documents read through this connection must be dropped (see the module comment). */
  freshness(): number {
    // While this connection's transaction is open it holds the write lock (BEGIN IMMEDIATE): no
    // other connection can commit, so data_version, looked at when the lock was taken, stands.
    if (!this.batch) this.checkDataVersion();
    return this.generation;
  }

  private checkDataVersion(): void {
    const version = this.dataVersion.get() as number;
    if (version !== this.seenDataVersion) {
      this.seenDataVersion = version;
      this.generation++;
    }
  }

  /** Runs `op` in this tick's transaction; resolves with its result once the transaction is committed. */
  write<R>(op: () => R): Promise<R> {
    let batch: Batch;
    try {
      batch = this.open();
    } catch (err) {
      this.noteRefusal(err);
      return Promise.reject(err);
    }
    this.savepoint.run();
    let result: R;
    try {
      result = op();
    } catch (err) {
      this.noteRefusal(err);
      this.rollbackTo.run();
      this.release.run();
      this.generation++;
      this.refresh?.();
      return Promise.reject(err);
    }
    this.release.run();
    return batch.done.then(() => result);
  }

  /**
   * Notes that the write running now changes the document `key` (a name unique across
   * collections): a read of that document alone then waits for this transaction.
   */
  wrote(key: string): void {
    const batch = this.batch;
    if (!batch) return;
    this.writers.set(key, batch);
    batch.keys.push(key);
  }

  /**
   * Runs `op` now; resolves once no unacknowledged write is visible to it. With `key`, the read
   * depends on that one document only (see wrote()), so only a write to it can be visible.
   */
  read<R>(op: () => R, key?: string): Promise<R> {
    try {
      const pending = key === undefined ? this.newest : (this.writers.get(key) ?? null);
      let result: R;
      try {
        result = op();
      } catch (err) {
        // Another process may have changed the schema under this one (a dropped column).
        if (!this.refresh?.()) throw err;
        result = op();
      }
      return pending ? pending.done.then(() => result) : Promise.resolve(result);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Resolves once every write so far is acknowledged (or refused). */
  async settled(): Promise<void> {
    await this.newest?.done;
  }

  private open(): Batch {
    if (this.batch) return this.batch;
    this.begin.run();
    // What other connections committed before the lock was taken (see freshness()).
    this.checkDataVersion();
    this.refresh?.();
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    done.catch(() => undefined); // each caller gets the rejection through its own promise
    const previous = this.newest;
    const batch: Batch = { done, resolve, reject, keys: [] };
    this.batch = batch;
    this.newest = batch;
    setImmediate(() => this.finish(batch, previous));
    return batch;
  }

  private finish(batch: Batch, previous: Batch | null): void {
    this.batch = null;
    try {
      this.commit.run();
    } catch (err) {
      this.noteRefusal(err);
      if (this.db.inTransaction) this.rollback.run();
      this.generation++;
      this.refresh?.();
      this.settle(batch, previous, err);
      return;
    }
    if (!this.sync) {
      this.settle(batch, previous, undefined);
      return;
    }
    this.sync().then(
      () => this.settle(batch, previous, undefined),
      (err: unknown) => {
        this.noteRefusal(err);
        this.settle(batch, previous, err);
      },
    );
  }

  /** Acknowledges a batch in commit order: never before the one committed ahead of it. */
  private settle(batch: Batch, previous: Batch | null, err: unknown): void {
    void (previous?.done ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => {
        if (this.newest === batch) this.newest = null;
        for (const key of batch.keys) if (this.writers.get(key) === batch) this.writers.delete(key);
        if (err === undefined) {
          this.failing = false;
          batch.resolve();
        } else batch.reject(err);
      });
  }

  private noteRefusal(err: unknown): void {
    if (STORAGE_REFUSALS.test(String((err as { code?: unknown } | null)?.code ?? ''))) this.failing = true;
  }
}

/** SQLite result codes and system errors (of the fsync) that mean the storage, not the write, is at fault. */
const STORAGE_REFUSALS = /^(SQLITE_(FULL|READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB)|EIO$|ENOSPC$|EDQUOT$|EROFS$)/;
