/**
 * A writer that crashed between claiming a lead's keys and writing the lead leaves claims no lead
 * carries. The visitor's next answer must still be stored: the upsert waits until such a claim may
 * be taken over (STALE_KEY_MS) instead of giving up after its quick retries and failing the turn.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lead } from '../../core/lead/model.js';
import type { DocCollection } from '../../data/collection.js';
import { DocLeadRepository } from '../../data/repositories/lead-repository.js';
import { keyId, STALE_KEY_MS, type LeadKeyDoc } from '../../data/repositories/lead-keys.js';
import { SqliteDatabase } from '../../data/sqlite/sqlite-database.js';

let db: SqliteDatabase | undefined;
let dir: string | undefined;
afterEach(async () => {
  await db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function repository(): Promise<{ leads: DocLeadRepository; keys: DocCollection<LeadKeyDoc> }> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'leadq-takeover-'));
  db = await SqliteDatabase.open(dir);
  const keys = await db.collection<LeadKeyDoc>('lead_keys');
  return { leads: new DocLeadRepository(await db.collection<Lead>('leads'), keys, []), keys };
}

describe('a key claimed by a writer that crashed before writing its lead', () => {
  it('is taken over once stale, and the visitor’s lead is stored — even when that is longer than the quick retries', async () => {
    const { leads, keys } = await repository();
    // Claimed by a lead that was never written, 2 s before it counts as stale: longer than the
    // quick retries (25 + 50 + 75 ms) and longer than the whole retry budget used to be (1.1 s).
    const claimedAt = new Date(Date.now() - (STALE_KEY_MS - 2000));
    await keys.insertOne({ _id: keyId({ kind: 'visitor', value: 'web:crashed' }), leadId: 'never-written', at: claimedAt });

    const started = performance.now();
    const lead = await leads.upsert({ visitorId: 'web:crashed', email: 'crashed@example.com' }, { name: 'Ann' });
    const waitedMs = performance.now() - started;

    expect(lead).toMatchObject({ visitorIds: ['web:crashed'], email: 'crashed@example.com', name: 'Ann' });
    expect(await leads.findByVisitorId('web:crashed')).toMatchObject({ _id: lead._id });
    expect(await keys.findOne({ _id: keyId({ kind: 'visitor', value: 'web:crashed' }) })).toMatchObject({ leadId: lead._id });
    // It waited for the claim to go stale, not the full STALE_KEY_MS of a fresh claim.
    expect(waitedMs).toBeGreaterThanOrEqual(1900);
    expect(waitedMs).toBeLessThan(STALE_KEY_MS);
  });

  it('a live writer’s claim (its lead already written) is not taken over: the second upsert joins that lead', async () => {
    const { leads } = await repository();
    const [first, second] = await Promise.all([leads.upsert({ visitorId: 'web:live' }, { name: 'Bo' }), leads.upsert({ visitorId: 'web:live' }, { company: 'Acme' })]);
    expect(second._id).toBe(first._id);
    expect(await leads.findByVisitorId('web:live')).toMatchObject({ name: 'Bo', company: 'Acme' });
  });
});
