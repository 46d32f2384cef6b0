/**
 * Retention rules (IndexSpec.expireAfterSeconds) on a MongoDB-wire server: a real TTL index on
 * MongoDB; on FerretDB, which has none, leadq's own sweep deletes what has expired.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoDatabase } from '../../data/mongodb/mongo-database.js';
import { testMongoUri } from '../support/test-store.js';

interface Expiring {
  _id: string;
  expiresAt?: unknown;
}

let db: MongoDatabase;

beforeAll(async () => {
  db = await MongoDatabase.connect(testMongoUri()!, `leadq_test_ttl_${randomBytes(4).toString('hex')}`);
});
afterAll(async () => {
  await db.db.dropDatabase();
  await db.close();
});

describe('retention rules on MongoDB', () => {
  it('creates the index of a TTL rule (idempotently), with the rule where the server has TTL indexes', async () => {
    const things = await db.collection<Expiring>('things');
    const spec = { name: 'expiresAt_ttl', key: { expiresAt: 1 as const }, expireAfterSeconds: 0 };
    await things.createIndexes([spec, { name: 'other', key: { _id: 1 as const, expiresAt: 1 as const } }]);
    await things.createIndexes([spec, { name: 'other', key: { _id: 1 as const, expiresAt: 1 as const } }]);
    const index = (await db.db.collection('things').indexes()).find((i) => i.name === 'expiresAt_ttl');
    expect(index?.key).toEqual({ expiresAt: 1 });
    expect(index?.expireAfterSeconds).toBe(db.ferretdb ? undefined : 0);
  });

  it('deletes expired documents and keeps the others (FerretDB: leadq sweeps; MongoDB: the TTL monitor does, within a minute)', async () => {
    const things = await db.collection<Expiring>('swept');
    await things.createIndexes([{ name: 'expiresAt_ttl', key: { expiresAt: 1 }, expireAfterSeconds: 60 }]);
    const now = Date.now();
    await things.insertOne({ _id: 'expired', expiresAt: new Date(now - 61_000) });
    await things.insertOne({ _id: 'recent', expiresAt: new Date(now - 30_000) });
    await things.insertOne({ _id: 'future', expiresAt: new Date(now + 3_600_000) });
    await things.insertOne({ _id: 'no date', expiresAt: 'tomorrow' });
    await things.insertOne({ _id: 'no field' });
    if (db.ttl) expect(await db.ttl.sweep()).toBe(1);
    await expect.poll(async () => (await things.find({}, { sort: { _id: 1 } })).map((doc) => doc._id), { timeout: 90_000, interval: 1000 }).toEqual(['future', 'no date', 'no field', 'recent']);
  }, 120_000);
});
