/**
 * Anonymous activities name their sender themselves, so a conversation is bound to the first
 * `from.id` that used it: another sender reusing the conversation id is refused instead of taking
 * over its state (and its lead). Kept in the shared state store, so every replica and a restarted
 * process agree; the record carries the visitor id, so an erasure removes it with the rest.
 */
import { ConcurrencyError, type VersionedStore } from '../../core/ports/versioned-store.js';

interface OwnerDoc {
  fromId: string;
}

const MAX_ATTEMPTS = 5;

export class ConversationOwners {
  constructor(private readonly state: VersionedStore) {}

  /** True when `fromId` owns (or has just claimed) the conversation. */
  async admit(channelId: string, conversationId: string, fromId: string, visitorId: string): Promise<boolean> {
    const key = `botframework:owner:${channelId}:${conversationId}`;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const stored = await this.state.read<OwnerDoc>(key);
      if (stored) return stored.value.fromId === fromId;
      try {
        await this.state.write<OwnerDoc>(key, { fromId }, null, { owner: { visitorId } });
        return true;
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
      }
    }
    return false;
  }
}
