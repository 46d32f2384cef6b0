/**
 * Delivers outbox items of some topics with at-least-once semantics that handlers turn into
 * exactly-once in effect (idempotency keys, "already done?" checks). Any number of workers, in
 * any number of processes, may run over the same outbox: the repository's lease makes each
 * attempt exclusive, and an item whose worker died is taken again once its lease expires.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import retry from 'retry';
import type { OutboxItem, OutboxRepository } from '../../core/ports/repository.js';
import { createLogger, type Logger } from '../../core/log.js';
import { PermanentError, RetryAfterError } from './errors.js';

export interface OutboxHandlerContext {
  workerId: string;
  /** Aborted when the lease is lost (another worker may now take the item) or on a forced stop. */
  signal: AbortSignal;
}

/** Returns the result stored on the item; throws to retry (see RetryAfterError, PermanentError). */
export type OutboxHandler<P = unknown> = (item: OutboxItem<P>, context: OutboxHandlerContext) => Promise<unknown>;

export interface BackoffPolicy {
  /** Delay before the first retry. */
  minMs: number;
  maxMs: number;
  factor: number;
  /** Multiply each delay by a random factor in [1, 2) so competing retries spread out. */
  jitter: boolean;
}

export interface OutboxWorkerOptions<P = unknown> {
  outbox: OutboxRepository;
  topics: readonly string[];
  handler: OutboxHandler<P>;
  /** Unique per worker; default `<host>:<pid>:<random>`. */
  workerId?: string;
  /** How long an attempt owns its item; renewed every third of it while the handler runs. */
  leaseMs?: number;
  /** Items handled in parallel by this worker. */
  concurrency?: number;
  /** Sleep between polls when nothing is due (`wake()` cuts it short). */
  pollIntervalMs?: number;
  backoff?: Partial<BackoffPolicy>;
  /** Attempts after which a failing item is `dead` (a rate-limited attempt counts, but never kills an item itself). */
  maxAttempts?: number;
  /** How long `stop()` waits for running handlers before abandoning them to lease expiry. */
  stopTimeoutMs?: number;
  logger?: Logger;
}

class LeaseLostError extends Error {
  constructor(id: string) {
    super(`lease on outbox item ${id} lost`);
    this.name = 'LeaseLostError';
  }
}

const DEFAULT_BACKOFF: BackoffPolicy = { minMs: 1_000, maxMs: 5 * 60_000, factor: 2, jitter: true };

export class OutboxWorker<P = unknown> {
  readonly workerId: string;
  private readonly outbox: OutboxRepository;
  private readonly topics: readonly string[];
  private readonly handler: OutboxHandler<P>;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private readonly pollIntervalMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly maxAttempts: number;
  private readonly stopTimeoutMs: number;
  private readonly log: Logger;

  private running = false;
  private slots: Promise<void>[] = [];
  private readonly sleepers = new Set<() => void>();
  private readonly inFlight = new Set<AbortController>();
  /** Set by a RetryAfterError: the remote is rate-limiting us, so no slot claims before then. */
  private pausedUntil = 0;

  constructor(options: OutboxWorkerOptions<P>) {
    if (options.topics.length === 0) throw new Error('OutboxWorker needs at least one topic');
    this.outbox = options.outbox;
    this.topics = options.topics;
    this.handler = options.handler;
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.maxAttempts = options.maxAttempts ?? 10;
    this.stopTimeoutMs = options.stopTimeoutMs ?? this.leaseMs;
    this.log = (options.logger ?? createLogger('outbox')).child({ worker: this.workerId, topics: this.topics });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.slots = Array.from({ length: this.concurrency }, () => this.runSlot());
  }

  /** Poll now instead of at the next interval (e.g. right after an enqueue in this process). */
  wake(): void {
    for (const wakeUp of [...this.sleepers]) wakeUp();
  }

  /**
   * Stop claiming, wait for running handlers (up to stopTimeoutMs), then return. Handlers still
   * running are aborted and their items left to lease expiry, so another worker retries them.
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.stopTimeoutMs);
    });
    const outcome = await Promise.race([Promise.all(this.slots), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.log.warn({ running: this.inFlight.size }, 'outbox worker stopped with handlers still running; their leases will expire');
      for (const controller of this.inFlight) controller.abort(new Error('outbox worker stopped'));
    }
  }

  private async runSlot(): Promise<void> {
    while (this.running) {
      const pause = this.pausedUntil - Date.now();
      if (pause > 0) {
        await this.sleep(pause);
        continue;
      }
      let item: OutboxItem | null;
      try {
        item = await this.outbox.claim(this.topics, this.workerId, this.leaseMs);
      } catch (err) {
        this.log.error({ err }, 'outbox claim failed');
        await this.sleep(this.pollIntervalMs);
        continue;
      }
      if (item) await this.process(item as OutboxItem<P>);
      else await this.sleep(this.pollIntervalMs);
    }
  }

  private async process(item: OutboxItem<P>): Promise<void> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const stopRenewing = this.keepLease(item._id, controller);
    try {
      const result = await this.handler(item, { workerId: this.workerId, signal: controller.signal });
      if (controller.signal.reason instanceof LeaseLostError) {
        // Another worker may be on it now: writing our outcome could overwrite theirs.
        this.log.warn({ item: item._id }, 'outbox handler finished after its lease was lost; outcome discarded');
        return;
      }
      const completed = await this.outbox.complete(item._id, this.workerId, result);
      if (!completed) this.log.warn({ item: item._id }, 'outbox item done but lease lost before completing; the next attempt must detect it');
    } catch (err) {
      if (controller.signal.reason instanceof LeaseLostError) return;
      await this.release(item, err);
    } finally {
      stopRenewing();
      this.inFlight.delete(controller);
    }
  }

  /** Renew the lease while the handler runs; abort the handler as soon as it is lost. */
  private keepLease(id: string, controller: AbortController): () => void {
    let renewing = false;
    const timer = setInterval(() => {
      if (renewing) return;
      renewing = true;
      this.outbox
        .renew(id, this.workerId, this.leaseMs)
        .then((held) => {
          if (!held) controller.abort(new LeaseLostError(id));
        })
        .catch((err: unknown) => this.log.warn({ err, item: id }, 'outbox lease renewal failed'))
        .finally(() => {
          renewing = false;
        });
    }, Math.max(10, Math.floor(this.leaseMs / 3)));
    return () => clearInterval(timer);
  }

  private async release(item: OutboxItem<P>, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    const retryAt = this.nextAttemptAt(item, err);
    try {
      await this.outbox.fail(item._id, this.workerId, message, retryAt);
    } catch (failErr) {
      // The lease will expire and the item be retried anyway.
      this.log.error({ err: failErr, item: item._id }, 'could not record outbox failure');
    }
    if (retryAt) this.log.warn({ item: item._id, attempts: item.attempts, retryAt, error: message }, 'outbox attempt failed; will retry');
    else this.log.error({ item: item._id, attempts: item.attempts, error: message }, 'outbox item is dead');
  }

  private nextAttemptAt(item: OutboxItem<P>, err: unknown): Date | null {
    const now = Date.now();
    if (err instanceof RetryAfterError) {
      // Rate limiting is "later", never "failed": it does not make an item dead.
      this.pausedUntil = Math.max(this.pausedUntil, now + err.retryAfterMs);
      return new Date(now + err.retryAfterMs);
    }
    if (err instanceof PermanentError || item.attempts >= this.maxAttempts) return null;
    const delay = retry.createTimeout(Math.max(0, item.attempts - 1), {
      minTimeout: this.backoff.minMs,
      maxTimeout: this.backoff.maxMs,
      factor: this.backoff.factor,
      randomize: this.backoff.jitter,
    });
    return new Date(now + delay);
  }

  /** Resolves after `ms`, or earlier on wake()/stop(). */
  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }
}
