/**
 * In-memory Store for the web channel tests: transcripts, events and versioned state behave as
 * the ports document (seq order, afterSeq, eTag conflicts). The leads and outbox ports are not
 * used by the channel and throw. Swap for the embedded store (data/open-store) once it lands.
 */
import { randomUUID } from 'node:crypto';
import type { StoredEvent, TranscriptEntry } from '../../bot/lead/repository.js';
import type { Store } from '../../bot/lead/store.js';
import { ConcurrencyError } from '../../bot/lead/versioned-store.js';

export interface MemoryStore extends Store {
  readonly transcriptEntries: TranscriptEntry[];
  readonly eventEntries: StoredEvent[];
}

export function createMemoryStore(): MemoryStore {
  const transcriptEntries: TranscriptEntry[] = [];
  const eventEntries: StoredEvent[] = [];
  const state = new Map<string, { value: string; eTag: string }>();
  const unused = new Proxy({}, { get: (_t, name) => () => Promise.reject(new Error(`memory store: ${String(name)} is not used by the web channel`)) });
  return {
    kind: 'embedded',
    transcriptEntries,
    eventEntries,
    leads: unused as Store['leads'],
    outbox: unused as Store['outbox'],
    transcripts: {
      async append(entry) {
        transcriptEntries.push(structuredClone(entry));
      },
      async list(conversationId, afterSeq, limit = 1000) {
        return transcriptEntries
          .filter((e) => e.conversationId === conversationId && (afterSeq === undefined || (e.seq ?? 0) > afterSeq))
          .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
          .slice(0, limit)
          .map((e) => structuredClone(e));
      },
    },
    events: {
      async append(visitorId, event) {
        const stored: StoredEvent = { ...structuredClone(event), _id: randomUUID(), visitorId };
        eventEntries.push(stored);
        return stored;
      },
      async listByVisitor(visitorIds, limit = 1000) {
        return eventEntries.filter((e) => visitorIds.includes(e.visitorId)).slice(-limit);
      },
    },
    state: {
      async read<T>(key: string) {
        const stored = state.get(key);
        return stored ? { value: JSON.parse(stored.value) as T, eTag: stored.eTag } : null;
      },
      async write(key, value, expectedETag) {
        const current = state.get(key);
        if ((current?.eTag ?? null) !== expectedETag) throw new ConcurrencyError(key);
        const eTag = randomUUID();
        state.set(key, { value: JSON.stringify(value), eTag });
        return eTag;
      },
      async delete(key, expectedETag) {
        if (expectedETag !== undefined && state.get(key)?.eTag !== expectedETag) throw new ConcurrencyError(key);
        state.delete(key);
      },
    },
    ping: async () => true,
    close: async () => undefined,
  };
}
