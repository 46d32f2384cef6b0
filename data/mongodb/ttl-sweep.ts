/**
 * TTL rules applied by leadq, for FerretDB 1.x, which has no TTL indexes: every SWEEP_INTERVAL_MS
 * the documents whose date field is more than `expireAfterSeconds` in the past are deleted, as
 * MongoDB's TTL monitor (which also runs every 60 s) would. Documents without a date there stay.
 */
import type { Collection, Document } from 'mongodb';
import { createLogger } from '../../core/log.js';

const SWEEP_INTERVAL_MS = 60_000;
const log = createLogger('ttl-sweep');

interface TtlRule {
  collection: Collection<Document>;
  field: string;
  expireAfterSeconds: number;
}

export class TtlSweep {
  private readonly rules: TtlRule[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly now: () => Date = () => new Date()) {
    this.timer = setInterval(() => void this.sweep().catch((err: unknown) => log.warn({ err }, 'TTL sweep failed; retried at the next one')), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  add(collection: Collection<Document>, field: string, expireAfterSeconds: number): void {
    if (!this.rules.some((rule) => rule.collection.collectionName === collection.collectionName && rule.field === field)) this.rules.push({ collection, field, expireAfterSeconds });
  }

  /** Deletes what has expired now; returns how many documents went. */
  async sweep(): Promise<number> {
    let deleted = 0;
    for (const { collection, field, expireAfterSeconds } of this.rules) {
      const before = new Date(this.now().getTime() - expireAfterSeconds * 1000);
      deleted += (await collection.deleteMany({ [field]: { $type: 'date', $lt: before } })).deletedCount;
    }
    return deleted;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
