/**
 * Conversation state values are stored as JSON with dates as `{"$date": ms}`; values written as
 * EJSON by earlier versions are still read.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EJSON } from 'bson';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocVersionedStore, type StateDoc } from '../../data/repositories/versioned-store.js';
import { SqliteDatabase } from '../../data/sqlite/sqlite-database.js';
import type { DocCollection } from '../../data/collection.js';

let dir: string;
let db: SqliteDatabase;
let states: DocCollection<StateDoc>;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'leadq-state-values-'));
  db = await SqliteDatabase.open(dir);
  states = await db.collection<StateDoc>('state');
});
afterEach(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

const VALUE = {
  at: new Date('2026-12-01T10:00:00.000Z'),
  runner: { stack: [{ flow: 'main', pc: 3 }], values: { email: { address: 'a@b.test' }, when: new Date(0) } },
  // Text that looks like EJSON is only text.
  text: '{"$date":"2026-01-01T00:00:00Z"} {"$numberLong":"1"}',
  list: [1, 'two', null, true],
};

describe('conversation state values', () => {
  it('round-trip with their dates, stored as JSON with {"$date": ms}', async () => {
    const store = new DocVersionedStore(states);
    await store.write('k', VALUE, null);
    const stored = await states.findOne({ _id: 'k' });
    expect(JSON.parse(stored!.data)).toMatchObject({ at: { $date: VALUE.at.getTime() } });
    const read = await store.read<typeof VALUE>('k');
    expect(read?.value).toEqual(VALUE);
    expect(read?.value.runner.values.when).toBeInstanceOf(Date);
  });

  it('written as EJSON by an earlier version, are read the same, and rewritten as JSON', async () => {
    await states.insertOne({ _id: 'old', eTag: 'e1', data: EJSON.stringify(VALUE, { relaxed: true }), updatedAt: new Date() });
    const store = new DocVersionedStore(states);
    const read = await store.read<typeof VALUE>('old');
    expect(read).toEqual({ value: VALUE, eTag: 'e1' });
    await store.write('old', { ...read!.value, list: [] }, 'e1');
    expect((await states.findOne({ _id: 'old' }))!.data).toContain(`"at":{"$date":${VALUE.at.getTime()}}`);
    expect((await store.read<typeof VALUE>('old'))?.value).toEqual({ ...VALUE, list: [] });
  });

  it('keep scalars and null as values', async () => {
    const store = new DocVersionedStore(states);
    for (const [key, value] of [['n', 42], ['s', 'text'], ['z', null], ['d', new Date(5)]] as const) {
      await store.write(key, value, null);
      expect((await store.read(key))?.value).toEqual(value);
    }
  });
});
