/**
 * Claiming a lead's keys: every key is claimed at once (one commit on the embedded store), and a
 * key held by another lead gives them all back, so a losing writer leaves no claim behind.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DocCollection } from '../../data/collection.js';
import { keyId, LeadKeys, type LeadKey, type LeadKeyDoc } from '../../data/repositories/lead-keys.js';
import { SqliteDatabase } from '../../data/sqlite/sqlite-database.js';

let db: SqliteDatabase | undefined;
let dir: string | undefined;
afterEach(async () => {
  await db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const email: LeadKey = { kind: 'email', value: 'ana@example.org' };
const visitor: LeadKey = { kind: 'visitor', value: 'web:v1' };
const otherVisitor: LeadKey = { kind: 'visitor', value: 'web:v2' };

async function open(): Promise<{ keys: LeadKeys; docs: DocCollection<LeadKeyDoc> }> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'leadq-claim-'));
  db = await SqliteDatabase.open(dir);
  const docs = await db.collection<LeadKeyDoc>('lead_keys');
  return { keys: new LeadKeys(docs, () => new Date()), docs };
}

describe('LeadKeys.claim', () => {
  it('claims every free key for the lead', async () => {
    const { keys, docs } = await open();
    expect(await keys.claim('lead-a', [email, visitor])).toBeNull();
    expect((await docs.find({})).map((doc) => [doc._id, doc.leadId]).sort()).toEqual([
      [keyId(email), 'lead-a'],
      [keyId(visitor), 'lead-a'],
    ]);
  });

  it('counts a key the lead already holds as claimed', async () => {
    const { keys } = await open();
    expect(await keys.claim('lead-a', [visitor])).toBeNull();
    expect(await keys.claim('lead-a', [email, visitor])).toBeNull();
    expect(await keys.holder(email)).toBe('lead-a');
  });

  it('reports the first key held by another lead and gives back every key it claimed', async () => {
    const { keys, docs } = await open();
    expect(await keys.claim('lead-b', [visitor, otherVisitor])).toBeNull();
    const conflict = await keys.claim('lead-a', [email, visitor, otherVisitor]);
    expect(conflict?.key).toEqual(visitor);
    expect(conflict?.holder).toMatchObject({ _id: keyId(visitor), leadId: 'lead-b' });
    expect(await keys.holder(email)).toBeUndefined();
    expect((await docs.find({ leadId: 'lead-a' })).length).toBe(0);
    expect(await keys.holder(otherVisitor)).toBe('lead-b');
  });
});
