/**
 * The inbound event ledger on the real embedded (SQLite) store, several ledgers standing for several
 * replicas (no shared memory), with a hand-driven clock for leases and retention.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VersionedStore } from '../../core/ports/versioned-store.js';
import { createLogger } from '../../core/log.js';
import { markerKey, RETENTION_MS, SlackEventLedger, type Admission, type EventClaim } from '../../adapters/slack/event-ledger.js';
import { openTestStore, type TestStore } from './support/test-store.js';

const log = createLogger('test');
const LEASE = 1_000;

let testStore: TestStore;
let clock: number;
beforeEach(async () => {
  testStore = await openTestStore();
  clock = Date.UTC(2025, 0, 6, 9);
});
afterEach(async () => testStore.cleanup());

function replica(state: VersionedStore = testStore.store.slackEvents): SlackEventLedger {
  return new SlackEventLedger(state, log, { leaseMs: LEASE, now: () => clock });
}

function claimOf(admission: Admission): EventClaim {
  if (admission.outcome !== 'process' || !admission.claim) throw new Error(`expected a claim, got ${JSON.stringify(admission)}`);
  return admission.claim;
}

/** The ids among `ids` that have a marker in the store. */
async function markersInStore(ids: readonly string[], state: VersionedStore = testStore.store.slackEvents): Promise<string[]> {
  const markers = await Promise.all(ids.map(async (id) => ((await state.read(markerKey(id))) ? [id] : [])));
  return markers.flat();
}

describe('SlackEventLedger', () => {
  it('processes an event once: received → in progress for retries → processed → duplicate, on any replica', async () => {
    const a = replica();
    const b = replica();
    const claim = claimOf(await a.admit('Ev01'));
    expect(await b.admit('Ev01')).toEqual({ outcome: 'in-progress' });
    await a.processed(claim);
    expect(await b.admit('Ev01')).toEqual({ outcome: 'duplicate' });
    expect(await a.admit('Ev01')).toEqual({ outcome: 'duplicate' });
    expect((await testStore.store.slackEvents.read(markerKey('Ev01')))?.value).toMatchObject({ state: 'processed' });
  });

  it('lets a retry take over an event whose replica died mid-turn, once its lease ran out', async () => {
    const dead = replica();
    const deadClaim = claimOf(await dead.admit('Ev02'));
    clock += LEASE - 1;
    expect(await replica().admit('Ev02')).toEqual({ outcome: 'in-progress' });
    clock += 2;
    const survivor = replica();
    const claim = claimOf(await survivor.admit('Ev02'));
    // The dead turn's late calls no longer touch the marker the survivor holds.
    await dead.renew(deadClaim);
    await dead.released(deadClaim);
    expect(await replica().admit('Ev02')).toEqual({ outcome: 'in-progress' });
    await survivor.processed(claim);
    expect(await replica().admit('Ev02')).toEqual({ outcome: 'duplicate' });
  });

  it('renews the lease of a slow turn so a retry does not take it over', async () => {
    const a = replica();
    const claim = claimOf(await a.admit('Ev03'));
    for (let i = 0; i < 5; i++) {
      clock += LEASE / 2;
      await a.renew(claim);
    }
    expect(await replica().admit('Ev03')).toEqual({ outcome: 'in-progress' });
  });

  it('forgets a released event (failed turn) so the retry processes it at once', async () => {
    const a = replica();
    await a.released(claimOf(await a.admit('Ev04')));
    const retry = await replica().admit('Ev04');
    expect(retry.outcome).toBe('process');
  });

  it('gives one of many replicas racing for the same event the right to process it', async () => {
    const admissions = await Promise.all(Array.from({ length: 8 }, () => replica().admit('EvRACE')));
    expect(admissions.filter((a) => a.outcome === 'process')).toHaveLength(1);
    expect(admissions.filter((a) => a.outcome === 'in-progress')).toHaveLength(7);
  });

  it('an event is unknown again an hour after it was received, and the store deletes its marker', async () => {
    const a = replica();
    const old = Array.from({ length: 50 }, (_, i) => `EvOLD${i}`);
    for (const id of old) await a.processed(claimOf(await a.admit(id)));
    expect(await markersInStore(old)).toHaveLength(50);
    clock += RETENTION_MS + 1;
    // Slack stopped retrying it long ago: a marker past its hour counts as gone, even before the store deletes it.
    expect((await replica().admit('EvOLD0')).outcome).toBe('process');

    // The markers' expiresAt (received + 1 h) is long past on the real clock: the store's sweep deletes them.
    const sweeping = await openTestStore({ sweepEveryMs: 20 });
    try {
      const b = new SlackEventLedger(sweeping.store.slackEvents, log, { leaseMs: LEASE, now: () => clock });
      for (const id of old) await b.processed(claimOf(await b.admit(id)));
      await expect.poll(() => markersInStore(old, sweeping.store.slackEvents), { timeout: 10_000 }).toEqual([]);
    } finally {
      await sweeping.cleanup();
    }
  });

  it('processes hostile or malformed ids without a marker, and never pollutes prototypes', async () => {
    const a = replica();
    for (const id of ['', '{"$gt": ""}', '<script>', '😈', 'x'.repeat(10_001), 'Ev:1']) {
      expect(await a.admit(id)).toEqual({ outcome: 'process', claim: null });
    }
    expect(await markersInStore(['', '{"$gt": ""}', '<script>', '😈', 'Ev:1'])).toEqual([]);
    for (const id of ['__proto__', 'constructor', 'prototype']) {
      const claim = claimOf(await a.admit(id));
      await a.processed(claim);
      expect(await replica().admit(id)).toEqual({ outcome: 'duplicate' });
    }
    expect(({} as Record<string, unknown>).state).toBeUndefined();
  });

  it('processes the event when the store is down (a duplicate beats a lost message)', async () => {
    const down: VersionedStore = {
      read: () => Promise.reject(new Error('store down')),
      write: () => Promise.reject(new Error('store down')),
      delete: () => Promise.reject(new Error('store down')),
      removeByVisitor: () => Promise.reject(new Error('store down')),
    };
    expect(await replica(down).admit('Ev05')).toEqual({ outcome: 'process', claim: null });
    await expect(replica(down).processed({ eventId: 'Ev05', holder: 'h' })).resolves.toBeUndefined();
  });
});
