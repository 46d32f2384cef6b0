/**
 * The embedded store's key table under updates: an update rewrites only the keys of the indexes
 * whose field it changed, and the keys it leaves must still answer queries and enforce uniqueness.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Doc } from '../../data/collection.js';
import { DuplicateKeyError } from '../../data/errors.js';
import { SqliteDatabase } from '../../data/sqlite/sqlite-database.js';
import type { SqliteCollection } from '../../data/sqlite/sqlite-collection.js';

interface Person extends Doc {
  email?: string;
  visitorIds: string[];
  note?: string;
}

let dataDir: string;
let db: SqliteDatabase;
let people: SqliteCollection<Person>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-sqlite-keys-'));
  db = await SqliteDatabase.open(dataDir);
  people = db.collectionSync<Person>('people');
  await people.createIndexes([
    { name: 'email_unique', key: { email: 1 }, unique: true, partialFilterExpression: { email: { $type: 'string' } } },
    { name: 'visitorIds', key: { visitorIds: 1 } },
  ]);
  await people.insertOne({ _id: 'ann', email: 'ann@example.com', visitorIds: ['v1'] });
  await people.insertOne({ _id: 'bob', email: 'bob@example.com', visitorIds: ['v2'] });
});
afterAll(async () => {
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('key table of the embedded store under updates', () => {
  it('keeps every key of an update that touches no keyed field: found by them, and still unique', async () => {
    expect(await people.updateOne({ _id: 'ann' }, { $set: { note: 'called back' } })).toBe(true);
    expect((await people.findOne({ email: 'ann@example.com' }))?._id).toBe('ann');
    expect((await people.findOne({ visitorIds: 'v1' }))?.note).toBe('called back');
    await expect(people.insertOne({ _id: 'ann2', email: 'ann@example.com', visitorIds: [] })).rejects.toBeInstanceOf(DuplicateKeyError);
  });

  it('moves the keys of a changed field: the old e-mail is free, the new one taken; added visitor ids are found', async () => {
    expect(await people.updateOne({ _id: 'ann' }, { $set: { email: 'ann@new.example.com' }, $addToSet: { visitorIds: { $each: ['v3'] } } })).toBe(true);
    expect(await people.findOne({ email: 'ann@example.com' })).toBeNull();
    expect((await people.findOne({ email: 'ann@new.example.com' }))?._id).toBe('ann');
    expect((await people.findOne({ visitorIds: 'v3' }))?._id).toBe('ann');
    expect((await people.findOne({ visitorIds: 'v1' }))?._id).toBe('ann');
    await people.insertOne({ _id: 'carl', email: 'ann@example.com', visitorIds: ['v4'] });
    await expect(people.updateOne({ _id: 'bob' }, { $set: { email: 'ann@new.example.com' } })).rejects.toBeInstanceOf(DuplicateKeyError);
    // The refused update changed nothing: bob keeps his e-mail and his key.
    expect((await people.findOne({ email: 'bob@example.com' }))?._id).toBe('bob');
  });

  it('drops the keys of a field the update removes', async () => {
    expect(await people.updateOne({ _id: 'carl' }, { $unset: { email: '' } })).toBe(true);
    expect(await people.findOne({ email: 'ann@example.com' })).toBeNull();
    await people.insertOne({ _id: 'dora', email: 'ann@example.com', visitorIds: [] });
    expect((await people.findOne({ email: 'ann@example.com' }))?._id).toBe('dora');
  });
});
