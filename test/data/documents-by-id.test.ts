/**
 * The embedded store keeps documents it read by `_id` in memory (sqlite-collection.ts): a read
 * answered from there must be what the table holds — after this connection's writes, after a
 * write it undid, and after another process wrote to the same file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../data/sqlite/sqlite-database.js';
import { isDuplicateKeyError } from '../../data/errors.js';

interface Contact {
  _id: string;
  email: string;
  version: number;
  tags?: string[];
}

const opened: SqliteDatabase[] = [];
let dir = '';

async function open(): Promise<SqliteDatabase> {
  dir ||= await mkdtemp(path.join(os.tmpdir(), 'leadq-by-id-'));
  const db = await SqliteDatabase.open(dir, { synchronous: 'normal' });
  opened.push(db);
  return db;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

async function contacts(db: SqliteDatabase) {
  const collection = await db.collection<Contact>('contacts');
  await collection.createIndexes([{ name: 'email', key: { email: 1 }, unique: true }]);
  return collection;
}

describe('documents read by _id', () => {
  it("follow this connection's updates, deletes and versioned writes", async () => {
    const store = await contacts(await open());
    await store.insertOne({ _id: 'a', email: 'a@example.com', version: 1 });
    expect(await store.findOne({ _id: 'a' })).toEqual({ _id: 'a', email: 'a@example.com', version: 1 });

    expect(await store.updateOne({ _id: 'a', version: 1 }, { $set: { email: 'new@example.com', version: 2 } })).toBe(true);
    expect(await store.updateOne({ _id: 'a', version: 1 }, { $set: { email: 'stale@example.com' } })).toBe(false);
    expect(await store.findOne({ _id: 'a' })).toEqual({ _id: 'a', email: 'new@example.com', version: 2 });
    expect(await store.findOne({ _id: 'a', version: 2 })).toMatchObject({ email: 'new@example.com' });
    expect(await store.findOne({ _id: 'a', version: 1 })).toBeNull();

    expect(await store.deleteOne({ _id: 'a' })).toBe(true);
    expect(await store.findOne({ _id: 'a' })).toBeNull();
  });

  it('are returned as copies: changing one changes neither the store nor the next read', async () => {
    const store = await contacts(await open());
    await store.insertOne({ _id: 'a', email: 'a@example.com', version: 1, tags: ['x'] });
    const first = (await store.findOne({ _id: 'a' }))!;
    first.tags!.push('mutated');
    first.email = 'mutated@example.com';
    expect(await store.findOne({ _id: 'a' })).toEqual({ _id: 'a', email: 'a@example.com', version: 1, tags: ['x'] });
  });

  it('compare an array field the MongoDB way (an element equal to the value matches)', async () => {
    const store = await contacts(await open());
    await store.insertOne({ _id: 'a', email: 'a@example.com', version: 1, tags: ['vip', 'fr'] });
    await store.findOne({ _id: 'a' });
    expect(await store.findOne({ _id: 'a', tags: 'fr' })).toMatchObject({ _id: 'a' });
    expect(await store.findOne({ _id: 'a', tags: 'en' })).toBeNull();
  });

  it('are not left changed by a write the store undid', async () => {
    const store = await contacts(await open());
    await store.insertOne({ _id: 'a', email: 'a@example.com', version: 1 });
    await store.insertOne({ _id: 'b', email: 'b@example.com', version: 1 });
    await store.findOne({ _id: 'b' });
    // The document is rewritten, then its unique key is refused: the whole write is undone.
    const refused = await store.updateOne({ _id: 'b' }, { $set: { email: 'a@example.com', version: 2 } }).catch((err: unknown) => err);
    expect(isDuplicateKeyError(refused)).toBe(true);
    expect(await store.findOne({ _id: 'b' })).toEqual({ _id: 'b', email: 'b@example.com', version: 1 });
    expect(await store.updateOne({ _id: 'b', version: 1 }, { $set: { version: 2 } })).toBe(true);
  });

  it('show what another process wrote to the same file since they were read', async () => {
    const mine = await contacts(await open());
    const theirs = await contacts(await open());
    await mine.insertOne({ _id: 'a', email: 'a@example.com', version: 1 });
    expect(await mine.findOne({ _id: 'a' })).toMatchObject({ version: 1 });

    expect(await theirs.updateOne({ _id: 'a', version: 1 }, { $set: { version: 2 } })).toBe(true);
    expect(await mine.findOne({ _id: 'a' })).toMatchObject({ version: 2 });
    expect(await mine.updateOne({ _id: 'a', version: 1 }, { $set: { email: 'lost@example.com' } })).toBe(false);

    expect(await theirs.deleteOne({ _id: 'a' })).toBe(true);
    expect(await mine.findOne({ _id: 'a' })).toBeNull();
  });

  it('show what another process wrote before this connection took its write lock, to reads inside its transaction', async () => {
    const mine = await contacts(await open());
    const theirs = await contacts(await open());
    await mine.insertOne({ _id: 'a', email: 'a@example.com', version: 1 });
    expect(await mine.findOne({ _id: 'a' })).toMatchObject({ version: 1 });
    expect(await theirs.updateOne({ _id: 'a', version: 1 }, { $set: { version: 2 } })).toBe(true);

    // The insert opens this tick's transaction; the read runs inside it, in the same tick.
    const writing = mine.insertOne({ _id: 'b', email: 'b@example.com', version: 1 });
    const reading = mine.findOne({ _id: 'a' });
    expect(await reading).toMatchObject({ version: 2 });
    await writing;
  });

  it('follow an updateMany, which updates every match and counts them', async () => {
    const store = await contacts(await open());
    for (const id of ['a', 'b', 'c']) await store.insertOne({ _id: id, email: `${id}@example.com`, version: 1, tags: ['x'] });
    await store.findOne({ _id: 'a' });
    expect(await store.updateMany({ _id: { $in: ['a', 'b', 'missing'] } }, { $set: { version: 2 }, $unset: { tags: '' } })).toBe(2);
    expect(await store.findOne({ _id: 'a' })).toEqual({ _id: 'a', email: 'a@example.com', version: 2 });
    expect(await store.findOne({ _id: 'b' })).toEqual({ _id: 'b', email: 'b@example.com', version: 2 });
    expect(await store.findOne({ _id: 'c' })).toMatchObject({ version: 1, tags: ['x'] });
    // A unique key broken by one document undoes the whole update.
    const refused = await store.updateMany({ version: 2 }, { $set: { email: 'same@example.com' } }).catch((err: unknown) => err);
    expect(isDuplicateKeyError(refused)).toBe(true);
    expect((await store.find({})).map((doc) => doc.email).sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
  });

  it('are not changed by a value the caller changes after giving it to an update', async () => {
    const store = await contacts(await open());
    await store.insertOne({ _id: 'a', email: 'a@example.com', version: 1 });
    await store.findOne({ _id: 'a' });
    const tags = ['x'];
    expect(await store.updateOne({ _id: 'a' }, { $set: { tags } })).toBe(true);
    const returned = await store.findOneAndUpdate({ _id: 'a' }, { $set: { tags } });
    tags.push('changed later');
    expect(returned).toMatchObject({ tags: ['x'] });
    expect(await store.findOne({ _id: 'a' })).toMatchObject({ tags: ['x'] });
  });
});
