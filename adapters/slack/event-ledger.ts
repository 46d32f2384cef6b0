/**
 * Inbound Slack events are processed at least once, then deduplicated. Slack re-sends an event
 * (X-Slack-Retry-Num: nearly at once, then after ~1 and ~5 minutes) until it gets our 2xx, and any
 * replica may receive the retry. So the receiver answers only once the turn is over, and this
 * ledger records each event_id in the shared store:
 *   - `received` (with a lease) before the turn runs: a retry meanwhile is "in progress";
 *   - `processed` once the turn completed: a retry is acknowledged and ignored;
 *   - a `received` marker whose lease ran out means its replica died mid-turn: the retry takes the
 *     event over and processes it. A failed turn removes its marker so the retry runs at once.
 * The lease is renewed while a turn runs, so a slow turn is never taken over.
 *
 * Bounded without a TTL index (the VersionedStore port has none, and the embedded store neither):
 * markers live in SHARDS documents (`slack:events:<n>`, event ids spread by hash), and every write
 * to a shard drops its markers older than RETENTION_MS. Slack stops retrying after ~5 minutes, so an
 * hour of markers is plenty, and the store never holds more than SHARDS documents of about one
 * hour of events each. Sharding keeps replicas from contending on one document.
 */
import { createHash, randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { VersionedStore } from '../../core/ports/versioned-store.js';
import type { Logger } from '../../core/log.js';
import { updateVersioned } from '../../core/ports/versioned-update.js';

export const SHARDS = 32;
export const RETENTION_MS = 60 * 60_000;
export const DEFAULT_LEASE_MS = 30_000;

/** Slack event ids (`Ev0ABC…`); anything else is processed without a marker. */
const EVENT_ID = /^[A-Za-z0-9_-]{1,100}$/;

interface Marker {
  id: string;
  state: 'received' | 'processed';
  /** When the event was first received (ms since epoch): what retention counts from. */
  at: number;
  /** Lease end of the turn that holds a `received` event. */
  until?: number;
  /** Which turn holds the lease. */
  holder?: string;
}

/** A list, not an object keyed by event id: ids come from the network (`__proto__` is a valid one). */
interface Shard {
  markers: Marker[];
}

/** The right to process one event; hand it back with processed() or released(). */
export interface EventClaim {
  eventId: string;
  holder: string;
}

export type Admission =
  | { outcome: 'process'; claim: EventClaim | null }
  | { outcome: 'duplicate' }
  | { outcome: 'in-progress' };

export interface EventLedgerOptions {
  leaseMs?: number;
  now?: () => number;
}

export class SlackEventLedger {
  /** Processed ids are final: answer their retries without a store round trip. */
  private readonly processedIds = new LRUCache<string, true>({ max: 10_000, ttl: RETENTION_MS });
  readonly leaseMs: number;
  private readonly now: () => number;

  constructor(
    private readonly state: VersionedStore,
    private readonly logger: Logger,
    options: EventLedgerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.now = options.now ?? Date.now;
  }

  /** Decide what to do with a delivery of `eventId` (first one or a retry). */
  async admit(eventId: string): Promise<Admission> {
    if (!EVENT_ID.test(eventId)) return { outcome: 'process', claim: null };
    if (this.processedIds.has(eventId)) return { outcome: 'duplicate' };
    const holder = randomUUID();
    try {
      return await this.update(eventId, (markers, now): { markers?: Marker[]; admission: Admission } => {
        const marker = markers.find((m) => m.id === eventId);
        if (marker?.state === 'processed') return { admission: { outcome: 'duplicate' } };
        if (marker && (marker.until ?? 0) > now) return { admission: { outcome: 'in-progress' } };
        if (marker) this.logger.warn({ eventId }, 'taking over a Slack event whose turn never completed');
        const received: Marker = { id: eventId, state: 'received', at: marker?.at ?? now, until: now + this.leaseMs, holder };
        return { markers: [...markers.filter((m) => m !== marker), received], admission: { outcome: 'process', claim: { eventId, holder } } };
      });
    } catch (err) {
      // Store unavailable: better to risk a duplicate reply than to drop the visitor's message.
      this.logger.warn({ err, eventId }, 'could not record the Slack event; processing it without cross-replica dedupe');
      return { outcome: 'process', claim: null };
    }
  }

  /** Extend the lease of a turn that is still running. */
  async renew(claim: EventClaim): Promise<void> {
    await this.settle(claim, 'renew', (marker, now) => ({ ...marker, until: now + this.leaseMs }));
  }

  /** The turn completed: retries from now on are acknowledged and ignored. */
  async processed(claim: EventClaim): Promise<void> {
    this.processedIds.set(claim.eventId, true);
    // Marked even if another replica took the event over meanwhile: it was processed, here.
    await this.settle(claim, 'mark processed', (marker) => ({ id: marker.id, state: 'processed', at: marker.at }), { anyHolder: true });
  }

  /** The turn failed before committing anything: forget the event so Slack's retry processes it. */
  async released(claim: EventClaim): Promise<void> {
    await this.settle(claim, 'release', () => null);
  }

  private async settle(
    claim: EventClaim,
    what: string,
    change: (marker: Marker, now: number) => Marker | null,
    { anyHolder = false } = {},
  ): Promise<void> {
    try {
      await this.update(claim.eventId, (markers, now) => {
        const marker = markers.find((m) => m.id === claim.eventId);
        const ours = marker && (anyHolder || (marker.state === 'received' && marker.holder === claim.holder));
        if (!marker || !ours) return { admission: undefined };
        const next = change(marker, now);
        return { markers: markers.flatMap((m) => (m === marker ? (next ? [next] : []) : [m])), admission: undefined };
      });
    } catch (err) {
      this.logger.warn({ err, eventId: claim.eventId }, `could not ${what} the Slack event marker`);
    }
  }

  /** One read-modify-write of the event's shard; every write also drops expired markers. */
  private async update<R>(eventId: string, decide: (markers: Marker[], now: number) => { markers?: Marker[]; admission: R }): Promise<R> {
    return updateVersioned<Shard, R>(this.state, shardKey(eventId), (current) => {
      const now = this.now();
      const { markers, admission } = decide(current?.markers ?? [], now);
      if (!markers) return { result: admission };
      return { result: admission, write: { markers: markers.filter((m) => !expired(m, now)) } };
    });
  }
}

function expired(marker: Marker, now: number): boolean {
  return marker.at < now - RETENTION_MS && (marker.until ?? 0) < now;
}

export function shardKey(eventId: string): string {
  return `slack:events:${createHash('sha256').update(eventId).digest().readUInt32BE(0) % SHARDS}`;
}
