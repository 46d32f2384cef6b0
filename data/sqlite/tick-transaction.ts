/**
 * Group commit: every write started in the same event-loop tick runs in one SQLite transaction,
 * committed once (one fsync) in the next `setImmediate`; each caller is acknowledged only after
 * that commit. A write runs synchronously inside its own savepoint, so a failing write (say, a
 * duplicate key) is rolled back alone and the others of the tick still commit.
 *
 * Reads run at once but are answered only once the open transaction has committed: nobody sees
 * a write that was not acknowledged (and that a crash could still undo).
 *
 * `failing` says whether the database refused the last write for a reason of its own (disk full,
 * read-only, I/O error), as opposed to a write that broke a rule (a duplicate key): health checks
 * report that, since reads keep working on a database that cannot write.
 */
import type { Database, Statement } from 'better-sqlite3';

interface Batch {
  done: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class TickTransaction {
  private batch: Batch | null = null;
  /** The last write the database itself refused (see the module comment); cleared by the next commit. */
  failing = false;
  private readonly begin: Statement;
  private readonly commit: Statement;
  private readonly rollback: Statement;
  private readonly savepoint: Statement;
  private readonly release: Statement;
  private readonly rollbackTo: Statement;

  constructor(private readonly db: Database) {
    // IMMEDIATE: take the write lock at once, so a concurrent process makes this wait (busy
    // timeout) rather than fail at commit time.
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT op');
    this.release = db.prepare('RELEASE op');
    this.rollbackTo = db.prepare('ROLLBACK TO op');
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
      return Promise.reject(err);
    }
    this.release.run();
    return batch.done.then(() => result);
  }

  /** Runs `op` now; resolves once no unacknowledged write is visible to it. */
  read<R>(op: () => R): Promise<R> {
    try {
      const result = op();
      return this.batch ? this.batch.done.then(() => result) : Promise.resolve(result);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Resolves once the open transaction (if any) has committed. */
  async settled(): Promise<void> {
    await this.batch?.done;
  }

  private open(): Batch {
    if (this.batch) return this.batch;
    this.begin.run();
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    done.catch(() => undefined); // each caller gets the rejection through its own promise
    const batch: Batch = { done, resolve, reject };
    this.batch = batch;
    setImmediate(() => this.finish(batch));
    return batch;
  }

  private finish(batch: Batch): void {
    this.batch = null;
    try {
      this.commit.run();
      this.failing = false;
      batch.resolve();
    } catch (err) {
      this.noteRefusal(err);
      if (this.db.inTransaction) this.rollback.run();
      batch.reject(err);
    }
  }

  private noteRefusal(err: unknown): void {
    if (STORAGE_REFUSALS.test(String((err as { code?: unknown } | null)?.code ?? ''))) this.failing = true;
  }
}

/** SQLite result codes that mean the storage, not the write, is at fault. */
const STORAGE_REFUSALS = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB)/;
