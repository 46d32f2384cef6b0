/**
 * Read-modify-write of one key of the shared VersionedStore, replayed on fresh state when another
 * replica wrote first. A bounded loop on purpose: optimistic concurrency needs a re-read, not the
 * generic "retry the same call" a retry library offers.
 */
import { ConcurrencyError, type StateOwner, type VersionedStore, type WriteOptions } from './versioned-store.js';

const DEFAULT_MAX_ATTEMPTS = 10;

/** What `decide` wants: the result to return, and the value to write (none: leave the key as it is; null: delete it). */
export interface Decision<T, R> {
  result: R;
  write?: T | null;
  options?: WriteOptions;
}

/**
 * Throws ConcurrencyError after `maxAttempts` lost races (heavy contention), so callers pick a
 * fallback. An error thrown by `decide` (e.g. a refusal) ends the update with nothing written.
 */
export async function updateVersioned<T, R>(
  state: VersionedStore,
  key: string,
  decide: (current: T | null) => Decision<T, R> | Promise<Decision<T, R>>,
  { maxAttempts = DEFAULT_MAX_ATTEMPTS, ownerOf }: { maxAttempts?: number; ownerOf?: (value: T) => StateOwner } = {},
): Promise<R> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await state.read<T>(key);
    const decision = await decide(current?.value ?? null);
    if (decision.write === undefined) return decision.result;
    try {
      // Tagged with the person the record is about, so erasing them removes it.
      if (decision.write !== null) await state.write(key, decision.write, current?.eTag ?? null, { ...decision.options, ...(ownerOf && { owner: ownerOf(decision.write) }) });
      else if (current) await state.delete(key, current.eTag);
      return decision.result;
    } catch (err) {
      if (!(err instanceof ConcurrencyError) || attempt >= maxAttempts) throw err;
      // A little jitter so replicas racing for the same key do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}
