/**
 * Read-modify-write of one key of the shared VersionedStore, replayed on fresh state when another
 * replica wrote first. A bounded loop on purpose: optimistic concurrency needs a re-read, not the
 * generic "retry the same call" a retry library offers.
 */
import { ConcurrencyError, type VersionedStore } from './versioned-store.js';

const DEFAULT_MAX_ATTEMPTS = 10;

/** What `decide` wants: the result to return, and the value to write (none: leave the key as it is). */
export interface Decision<T, R> {
  result: R;
  write?: T;
}

/**
 * Throws ConcurrencyError after `maxAttempts` lost races (heavy contention), so callers pick a
 * fallback. An error thrown by `decide` (e.g. a refusal) ends the update with nothing written.
 */
export async function updateVersioned<T, R>(
  state: VersionedStore,
  key: string,
  decide: (current: T | null) => Decision<T, R>,
  { maxAttempts = DEFAULT_MAX_ATTEMPTS }: { maxAttempts?: number } = {},
): Promise<R> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await state.read<T>(key);
    const decision = decide(current?.value ?? null);
    if (decision.write === undefined) return decision.result;
    try {
      await state.write(key, decision.write, current?.eTag ?? null);
      return decision.result;
    } catch (err) {
      if (!(err instanceof ConcurrencyError) || attempt >= maxAttempts) throw err;
      // A little jitter so replicas racing for the same key do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}
