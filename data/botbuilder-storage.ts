/**
 * botbuilder's `Storage` over a VersionedStore, with MemoryStorage's eTag rules enforced on both
 * stores: an item with eTag `*` (or none) is written unconditionally; any other eTag must be the
 * stored one, else the write throws ConcurrencyError and the turn can be retried on fresh state.
 */
import type { Storage, StoreItems } from 'botbuilder';
import { ConcurrencyError, type VersionedStore } from '../bot/lead/versioned-store.js';

/** An unconditional write races other writers; each lost race is retried on the fresh eTag. */
const UNCONDITIONAL_ATTEMPTS = 20;

export class BotStorage implements Storage {
  constructor(private readonly store: VersionedStore) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    for (const key of keys) {
      const found = await this.store.read<Record<string, unknown>>(key);
      if (found) items[key] = { ...found.value, eTag: found.eTag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes || typeof changes !== 'object') throw new ReferenceError('Changes are required when writing.');
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...value } = (item ?? {}) as { eTag?: unknown };
      if (eTag === undefined || eTag === '*') await this.writeUnconditionally(key, value);
      else if (typeof eTag !== 'string') throw new TypeError(`eTag of "${key}" must be a string`);
      else await this.store.write(key, value, eTag);
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when deleting.');
    for (const key of keys) await this.store.delete(key);
  }

  private async writeUnconditionally(key: string, value: object): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.store.read(key);
      try {
        await this.store.write(key, value, current?.eTag ?? null);
        return;
      } catch (err) {
        if (!(err instanceof ConcurrencyError) || attempt >= UNCONDITIONAL_ATTEMPTS) throw err;
      }
    }
  }
}
