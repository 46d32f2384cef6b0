/**
 * Slack re-sends an event (X-Slack-Retry-Num) when it did not see our 200 in time; any replica may
 * receive the retry. The first replica to see an event_id writes a create-only marker in the shared
 * store (optimistic concurrency: a second create fails), so the event is processed once across
 * replicas and restarts. A bounded in-memory LRU answers the common case without a store round trip.
 * Markers are tiny and never pruned (the VersionedStore port has no expiry); one per inbound event.
 */
import { LRUCache } from 'lru-cache';
import { ConcurrencyError, type VersionedStore } from '../../bot/lead/versioned-store.js';
import type { Logger } from '../../bot/log.js';

const EVENT_ID = /^[A-Za-z0-9_-]{1,100}$/;

export class SlackEventDedupe {
  private readonly seen = new LRUCache<string, true>({ max: 10_000, ttl: 60 * 60_000 });

  constructor(
    private readonly state: VersionedStore,
    private readonly logger: Logger,
  ) {}

  /** True the first time this event id is seen anywhere; false for a retry of a processed event. */
  async firstTime(eventId: string): Promise<boolean> {
    if (!EVENT_ID.test(eventId)) return true;
    if (this.seen.has(eventId)) return false;
    this.seen.set(eventId, true);
    try {
      await this.state.write(`slack:event:${eventId}`, { at: new Date().toISOString() }, null);
      return true;
    } catch (err) {
      if (err instanceof ConcurrencyError) return false;
      // Store unavailable: better to risk a duplicate reply than to drop the visitor's message.
      this.logger.warn({ err }, 'could not record the Slack event id; processing without cross-replica dedupe');
      return true;
    }
  }
}
