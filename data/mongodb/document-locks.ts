/**
 * Per-document write locks, for FerretDB only. FerretDB 1.x applies an update as "find the
 * matching documents, then write each one back by `_id`": the filter is not re-checked at write
 * time and the whole document is replaced, so two concurrent conditional updates can both win and
 * one can erase the other's fields. MongoDB updates one document atomically and never needs this.
 * A lock is a document whose `_id` names the locked document: inserting it is atomic everywhere.
 * A lock older than STALE_LOCK_MS is the leftover of a crashed writer and is taken over.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Collection } from 'mongodb';
import { isDuplicateKeyError } from '../errors.js';

export interface LockDoc {
  _id: string;
  at: Date;
}

/** Collection holding the locks (in the store's database). */
export const LOCK_COLLECTION = 'ferretdb_write_locks';
export const STALE_LOCK_MS = 10_000;
const WAIT_MS = 5;
const MAX_WAIT_MS = 50;
const GIVE_UP_MS = 30_000;

export class DocumentLocks {
  constructor(private readonly locks: Collection<LockDoc>) {}

  async withLock<T>(collection: string, id: string, write: () => Promise<T>): Promise<T> {
    const lockId = `${collection}/${id}`;
    const at = await this.acquire(lockId);
    try {
      return await write();
    } finally {
      await this.locks.deleteOne({ _id: lockId, at });
    }
  }

  private async acquire(lockId: string): Promise<Date> {
    const started = Date.now();
    for (let wait = WAIT_MS; ; wait = Math.min(wait * 2, MAX_WAIT_MS)) {
      const at = new Date();
      try {
        await this.locks.insertOne({ _id: lockId, at });
        return at;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      const held = await this.locks.findOne({ _id: lockId });
      if (held && Date.now() - held.at.getTime() > STALE_LOCK_MS) await this.locks.deleteOne({ _id: lockId, at: held.at });
      if (Date.now() - started > GIVE_UP_MS) throw new Error(`write lock ${lockId} still held after ${GIVE_UP_MS} ms`);
      await sleep(wait);
    }
  }
}
