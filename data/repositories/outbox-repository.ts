/**
 * Background work (Slack alerts, webhooks) claimed with leases, so any replica can deliver it and
 * a crashed worker's item is taken over once its lease expires. complete/fail/renew only succeed
 * for the current lease holder: a worker whose lease was taken over cannot overwrite the outcome.
 */
import type { OutboxItem, OutboxRepository } from '../../core/ports/repository.js';
import type { DocCollection, IndexSpec } from '../collection.js';
import { afterDays, DEFAULT_RETENTION, EXPIRY_INDEX } from './expiry.js';
import { isDuplicateKeyError } from '../errors.js';
import { assertSafeKeys, requireDate, requireInteger, requireString } from '../guards.js';

export const OUTBOX_INDEXES: readonly IndexSpec[] = [
  { name: 'status_next', key: { status: 1, nextAttemptAt: 1 } },
  { name: 'leaseUntil', key: { leaseUntil: 1 } },
  EXPIRY_INDEX,
];

const MAX_LEASE_MS = 24 * 3600 * 1000;

export class DocOutboxRepository implements OutboxRepository {
  constructor(
    private readonly outbox: DocCollection<OutboxItem>,
    /** A delivered item is kept this long (its key still dedupes a re-enqueue meanwhile), then the database deletes it. */
    private readonly deliveredDays: number = DEFAULT_RETENTION.deliveredDays,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async enqueue<P>(topic: string, key: string, payload: P, notBefore?: Date): Promise<boolean> {
    const item: OutboxItem<P> = {
      _id: requireString(key, 'outbox key'),
      topic: requireString(topic, 'topic', 200),
      payload,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: notBefore === undefined ? this.now() : requireDate(notBefore, 'notBefore'),
      createdAt: this.now(),
    };
    assertSafeKeys(payload, 'outbox payload');
    try {
      await this.outbox.insertOne(item as OutboxItem);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  async claim(topics: readonly string[], worker: string, leaseMs: number): Promise<OutboxItem | null> {
    if (!Array.isArray(topics) || topics.length === 0) throw new TypeError('topics must be a non-empty array of strings');
    const wanted = topics.map((topic) => requireString(topic, 'topic', 200));
    const owner = requireString(worker, 'worker', 200);
    const now = this.now();
    const leaseUntil = new Date(now.getTime() + requireInteger(leaseMs, 'leaseMs', 1, MAX_LEASE_MS));
    return this.outbox.findOneAndUpdate(
      {
        topic: { $in: wanted },
        $or: [
          { status: 'pending', nextAttemptAt: { $lte: now } },
          { status: 'processing', leaseUntil: { $lte: now } },
        ],
      },
      { $set: { status: 'processing', leaseOwner: owner, leaseUntil }, $inc: { attempts: 1 } },
      { sort: { nextAttemptAt: 1, _id: 1 } },
    );
  }

  async renew(id: string, worker: string, leaseMs: number): Promise<boolean> {
    const leaseUntil = new Date(this.now().getTime() + requireInteger(leaseMs, 'leaseMs', 1, MAX_LEASE_MS));
    return this.outbox.updateOne(this.heldBy(id, worker), { $set: { leaseUntil } });
  }

  async complete(id: string, worker: string, result?: unknown): Promise<boolean> {
    assertSafeKeys(result, 'outbox result');
    const doneAt = this.now();
    return this.outbox.updateOne(this.heldBy(id, worker), {
      $set: { status: 'done', doneAt, expiresAt: afterDays(doneAt, this.deliveredDays), ...(result !== undefined ? { result } : {}) },
      $unset: { leaseOwner: '', leaseUntil: '' },
    });
  }

  async fail(id: string, worker: string, error: string, retryAt: Date | null): Promise<boolean> {
    const lastError = requireString(error, 'error', 10_000);
    const outcome = retryAt === null ? { status: 'dead' } : { status: 'pending', nextAttemptAt: requireDate(retryAt, 'retryAt') };
    return this.outbox.updateOne(this.heldBy(id, worker), { $set: { ...outcome, lastError }, $unset: { leaseOwner: '', leaseUntil: '' } });
  }

  /** Erasure: every item about this lead (payloads name their lead as `payload.leadId`), whatever its status. */
  async removeByLead(leadId: string): Promise<number> {
    return this.outbox.deleteMany({ 'payload.leadId': requireString(leadId, 'lead id', 200) });
  }

  async get(id: string): Promise<OutboxItem | null> {
    return this.outbox.findOne({ _id: requireString(id, 'outbox key') });
  }

  async listDead(topics: readonly string[], limit = 200): Promise<OutboxItem[]> {
    const wanted = topics.map((topic) => requireString(topic, 'topic', 200));
    return this.outbox.find({ topic: { $in: wanted }, status: 'dead' }, { sort: { createdAt: -1, _id: -1 }, limit: requireInteger(limit, 'limit', 1, 1000) });
  }

  async replay(id: string): Promise<boolean> {
    return this.outbox.updateOne({ _id: requireString(id, 'outbox key'), status: 'dead' }, { $set: { status: 'pending', attempts: 0, nextAttemptAt: this.now() } });
  }

  /** The item is being processed under this worker's lease (a taken-over lease has another owner). */
  private heldBy(id: string, worker: string) {
    return { _id: requireString(id, 'outbox key'), status: 'processing', leaseOwner: requireString(worker, 'worker', 200) };
  }
}
