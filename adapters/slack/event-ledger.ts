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
 * One marker per event (`slack:event:<id>` in the shared state), written with `expiresAt` an hour
 * after the event was first received: the store deletes it then (a TTL index on MongoDB, the
 * SQLite store's sweep). Slack stops retrying after ~5 minutes, so an hour of markers is plenty;
 * a marker past its hour that the store has not deleted yet counts as gone.
 */
import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { VersionedStore } from '../../core/ports/versioned-store.js';
import type { Logger } from '../../core/log.js';
import { updateVersioned } from '../../core/ports/versioned-update.js';

export const RETENTION_MS = 60 * 60_000;
export const DEFAULT_LEASE_MS = 30_000;

/** Slack event ids (`Ev0ABC…`); anything else is processed without a marker. */
const EVENT_ID = /^[A-Za-z0-9_-]{1,100}$/;

interface Marker {
  state: 'received' | 'processed';
  /** When the event was first received (ms since epoch): what retention counts from. */
  at: number;
  /** Lease end of the turn that holds a `received` event. */
  until?: number;
  /** Which turn holds the lease. */
  holder?: string;
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
    this.now = options.now ?? (() => Date.now());
  }

  /** Decide what to do with a delivery of `eventId` (first one or a retry). */
  async admit(eventId: string): Promise<Admission> {
    if (!EVENT_ID.test(eventId)) return { outcome: 'process', claim: null };
    if (this.processedIds.has(eventId)) return { outcome: 'duplicate' };
    const holder = randomUUID();
    try {
      return await this.update(eventId, (marker, now): { marker?: Marker; admission: Admission } => {
        if (marker?.state === 'processed') return { admission: { outcome: 'duplicate' } };
        if (marker && (marker.until ?? 0) > now) return { admission: { outcome: 'in-progress' } };
        if (marker) this.logger.warn({ eventId }, 'taking over a Slack event whose turn never completed');
        const received: Marker = { state: 'received', at: marker?.at ?? now, until: now + this.leaseMs, holder };
        return { marker: received, admission: { outcome: 'process', claim: { eventId, holder } } };
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
    await this.settle(claim, 'mark processed', (marker) => ({ state: 'processed', at: marker.at }), { anyHolder: true });
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
      await this.update(claim.eventId, (marker, now) => {
        const ours = marker && (anyHolder || (marker.state === 'received' && marker.holder === claim.holder));
        if (!marker || !ours) return { admission: undefined };
        return { marker: change(marker, now), admission: undefined };
      });
    } catch (err) {
      this.logger.warn({ err, eventId: claim.eventId }, `could not ${what} the Slack event marker`);
    }
  }

  /**
   * One read-modify-write of the event's marker (`marker: null` forgets the event). A marker past
   * its retention is treated as absent even before the store has deleted it.
   */
  private async update<R>(eventId: string, decide: (marker: Marker | null, now: number) => { marker?: Marker | null; admission: R }): Promise<R> {
    return updateVersioned<Marker, R>(this.state, markerKey(eventId), (current) => {
      const now = this.now();
      const { marker, admission } = decide(current && !expired(current, now) ? current : null, now);
      if (marker === undefined) return { result: admission };
      return { result: admission, write: marker, ...(marker && { options: { expiresAt: new Date(marker.at + RETENTION_MS) } }) };
    });
  }
}

function expired(marker: Marker, now: number): boolean {
  return marker.at < now - RETENTION_MS && (marker.until ?? 0) < now;
}

export function markerKey(eventId: string): string {
  return `slack:event:${eventId}`;
}
