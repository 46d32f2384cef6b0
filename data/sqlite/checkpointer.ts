/**
 * Checkpoints off the event loop. SQLite's automatic checkpoint runs inside the COMMIT that takes
 * the write-ahead log past 1,000 pages: it copies the log into the database file and fsyncs both
 * on the committing thread, which with better-sqlite3 is the event loop (a sixth of the write
 * benchmark's time). So the connection's own checkpoint is switched off and a worker thread with
 * a second connection runs a PASSIVE checkpoint every `everyMs`: PASSIVE never blocks the writer,
 * and once a checkpoint has copied the whole log the next write transaction starts the log over,
 * so the file stays the size of a few checkpoint periods of writes.
 *
 * The worker (a second V8 isolate, about 7 MB of RSS) starts once the log is worth copying: past
 * `startAfterLogBytes`, checked every `everyMs` with a stat of the log file. A server at rest, or
 * just started, spends no thread on checkpoints.
 *
 * If the worker fails or exits, SQLite's automatic checkpoint is switched back on, so the log
 * never grows without bound.
 */
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { StoreLogger } from '../store-logger.js';

/** SQLite's default `wal_autocheckpoint`, restored when the worker is gone. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;
const DEFAULT_EVERY_MS = 250;
/** Log size (pages of 4 kB) past which this connection finishes a checkpoint so the log starts over. */
const RESTART_AFTER_PAGES = 4096;
const LOG_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
const DEFAULT_START_AFTER_LOG_BYTES = 1024 * 1024;

/** The worker's whole program, plain CommonJS so it runs the same under tsx, vitest and the build. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
const checkpoint = () => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ checkpointed: result.checkpointed, log: result.log });
  } catch (err) {
    parentPort.postMessage({ error: String((err && err.message) || err) });
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message === 'now') return checkpoint();
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface CheckpointResult {
  /** Pages in the log, and how many of them are now in the database file. */
  log: number;
  checkpointed: number;
}

export interface CheckpointerOptions {
  busyTimeoutMs: number;
  everyMs?: number;
  restartAfterPages?: number;
  /** Size of the log file past which the worker starts (checkpointNow starts it at once). */
  startAfterLogBytes?: number;
  logger?: StoreLogger;
}

export class Checkpointer {
  private worker: Worker | undefined;
  private readonly watch: NodeJS.Timeout;
  private readonly started: Promise<void>;
  private onStarted!: () => void;
  private stopping = false;
  private readonly restartAfterPages: number;
  private readonly everyMs: number;
  private readonly waiting: ((result: CheckpointResult) => void)[] = [];

  constructor(
    private readonly db: Database,
    private readonly options: CheckpointerOptions,
  ) {
    this.restartAfterPages = options.restartAfterPages ?? RESTART_AFTER_PAGES;
    this.everyMs = options.everyMs ?? DEFAULT_EVERY_MS;
    this.started = new Promise((resolve) => (this.onStarted = resolve));
    db.pragma('wal_autocheckpoint = 0');
    // A burst may grow the log; once it starts over, the file is cut back to this size.
    db.pragma(`journal_size_limit = ${LOG_SIZE_LIMIT_BYTES}`);
    const threshold = options.startAfterLogBytes ?? DEFAULT_START_AFTER_LOG_BYTES;
    this.watch = setInterval(() => {
      void stat(`${db.name}-wal`).then(
        (log) => {
          if (log.size >= threshold && !this.stopping) this.start();
        },
        () => undefined,
      );
    }, this.everyMs);
    this.watch.unref();
  }

  /** Resolves once the worker has started (tests). */
  whenStarted(): Promise<void> {
    return this.started;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    clearInterval(this.watch);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file: this.db.name, busyTimeoutMs: this.options.busyTimeoutMs, everyMs: this.everyMs },
    });
    this.worker = worker;
    worker.unref();
    worker.on('message', (message: CheckpointResult | { error: string }) => {
      if ('error' in message) this.options.logger?.warn({ err: message.error }, 'sqlite checkpoint failed; retrying');
      else {
        if (message.log >= this.restartAfterPages) this.finishOnLoop();
        for (const resolve of this.waiting.splice(0)) resolve(message);
      }
    });
    const fallBack = (reason: unknown) => {
      if (this.stopping || !this.db.open) return;
      this.options.logger?.warn({ err: reason }, 'sqlite checkpoint worker stopped; the connection checkpoints by itself again');
      this.db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
    };
    worker.on('error', fallBack);
    worker.on('exit', (code) => fallBack(`exit code ${code}`));
    this.onStarted();
    return worker;
  }

  /**
   * A log being written to all the time is never copied to its end by the worker, and only a
   * log copied to its end is started over: the worker copies the bulk, then this connection,
   * between two transactions, copies the few pages written since, so the next write transaction
   * starts the log over (kept small, instead of growing by every write ever made).
   */
  private finishOnLoop(): void {
    if (this.stopping || !this.db.open) return;
    // Inside the tick's write transaction: right after its commit, before the next one begins.
    if (this.db.inTransaction) {
      setImmediate(() => this.finishOnLoop());
      return;
    }
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch (err) {
      this.options.logger?.warn({ err }, 'sqlite checkpoint failed; retrying');
    }
  }

  /** Asks for a checkpoint at once (starting the worker if need be); resolves with the next one's result. */
  checkpointNow(): Promise<CheckpointResult> {
    const worker = this.start();
    worker.ref();
    return new Promise<CheckpointResult>((resolve) => {
      this.waiting.push(resolve);
      worker.postMessage('now');
    }).finally(() => {
      if (this.waiting.length === 0 && !this.stopping) worker.unref();
    });
  }

  /** Stops the worker (before the main connection closes, which checkpoints the rest). */
  async close(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearInterval(this.watch);
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.ref(); // an unreferenced worker's exit would not keep the process waiting for it
    worker.postMessage('stop');
    await exited;
  }
}
