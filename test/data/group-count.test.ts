/**
 * `groupCount` on the embedded store: SQL `GROUP BY` when the filter translates exactly, and the
 * same answer grouped in memory when it does not (a condition on an unindexed field).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Doc, GroupRow } from '../../data/collection.js';
import { SqliteDatabase } from '../../data/sqlite/sqlite-database.js';
import type { SqliteCollection } from '../../data/sqlite/sqlite-collection.js';

interface Visit extends Doc {
  day: string;
  channel?: string;
  steps: { slot: string; outcome: string }[];
}

let dataDir: string;
let db: SqliteDatabase;
let visits: SqliteCollection<Visit>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-group-count-'));
  db = await SqliteDatabase.open(dataDir);
  visits = db.collectionSync<Visit>('visits');
  await visits.createIndexes([{ name: 'day', key: { day: 1, channel: 1 } }]);
  const docs: Visit[] = [
    { _id: 'a', day: '2025-01-01', channel: 'web', steps: [{ slot: 'consent', outcome: 'answered' }, { slot: 'email', outcome: 'pending' }] },
    { _id: 'b', day: '2025-01-01', channel: 'slack', steps: [{ slot: 'consent', outcome: 'answered' }] },
    { _id: 'c', day: '2025-01-02', steps: [] },
    { _id: 'd', day: '2025-01-02', channel: 'web', steps: [{ slot: 'consent', outcome: 'skipped' }] },
  ];
  for (const doc of docs) await visits.insertOne(doc);
});
afterAll(async () => {
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
});

const sorted = (rows: GroupRow[]) => rows.map((r) => `${JSON.stringify(r.key)}=${r.count}`).sort();

describe('groupCount on the embedded store', () => {
  it('counts per combination of values, missing ones as null', async () => {
    expect(sorted(await visits.groupCount({ day: { $gte: '2025-01-01' } }, { by: ['day', 'channel'] }))).toEqual(
      ['["2025-01-01","slack"]=1', '["2025-01-01","web"]=1', '["2025-01-02",null]=1', '["2025-01-02","web"]=1'].sort(),
    );
  });

  it('gives the same answer in memory for a filter SQL cannot apply exactly', async () => {
    for (const spec of [{ by: ['day', 'channel'] }, { by: ['channel'] }, { by: [] }]) {
      const exact = await visits.groupCount({ day: { $in: ['2025-01-01', '2025-01-02'] } }, spec);
      const residual = await visits.groupCount({ steps: { $exists: true } }, spec);
      expect(sorted(residual)).toEqual(sorted(exact));
    }
    expect(await visits.groupCount({ day: '2030-01-01' }, { by: ['day'] })).toEqual([]);
  });
});
