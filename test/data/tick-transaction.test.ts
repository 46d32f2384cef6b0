/** Group commit with an fsync off the event loop: what is acknowledged when, and what a failed fsync means. */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteCollection } from '../../data/sqlite/sqlite-collection.js';
import { SqliteDatabase } from '../../data/sqlite/sqlite-database.js';
import { TickTransaction } from '../../data/sqlite/tick-transaction.js';

/** An fsync the test completes (or fails) by hand, in any order. */
class ManualSync {
  readonly pending: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  readonly sync = (): Promise<void> => new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  async started(n: number): Promise<void> {
    while (this.pending.length < n) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Records when a promise settles, without awaiting it. */
function track<T>(promise: Promise<T>): { state: 'pending' | 'resolved' | 'rejected'; value?: T; error?: unknown } {
  const tracked: { state: 'pending' | 'resolved' | 'rejected'; value?: T; error?: unknown } = { state: 'pending' };
  promise.then(
    (value) => Object.assign(tracked, { state: 'resolved', value }),
    (error: unknown) => Object.assign(tracked, { state: 'rejected', error }),
  );
  return tracked;
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

let db: Database.Database;
afterEach(() => db?.close());

function setUp(): { tx: TickTransaction; sync: ManualSync; insert: (n: number) => Promise<number> } {
  db = new Database(':memory:');
  db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
  const sync = new ManualSync();
  const tx = new TickTransaction(db, sync.sync);
  const statement = db.prepare('INSERT INTO t (n) VALUES (?)');
  return { tx, sync, insert: (n) => tx.write(() => Number(statement.run(n).changes)) };
}

describe('TickTransaction with an fsync', () => {
  it('acknowledges a commit only once its fsync is done, and lets the next tick commit meanwhile', async () => {
    const { tx, sync, insert } = setUp();
    const first = track(Promise.all([insert(1), insert(2)]));
    await sync.started(1);
    expect(first.state).toBe('pending');
    expect(db.inTransaction).toBe(false); // committed, not yet acknowledged

    const second = track(insert(3));
    await sync.started(2); // the second tick committed while the first fsync was still running
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 3 });

    sync.pending[0]?.resolve();
    await flush();
    expect(first).toMatchObject({ state: 'resolved', value: [1, 1] });
    expect(second.state).toBe('pending');
    sync.pending[1]?.resolve();
    await tx.settled();
    expect(second).toMatchObject({ state: 'resolved', value: 1 });
  });

  it('acknowledges in commit order even when a later fsync finishes first', async () => {
    const { sync, insert } = setUp();
    const first = track(insert(1));
    await sync.started(1);
    const second = track(insert(2));
    await sync.started(2);
    sync.pending[1]?.resolve();
    await flush();
    await flush();
    expect(second.state).toBe('pending');
    sync.pending[0]?.resolve();
    await flush();
    await flush();
    expect([first.state, second.state]).toEqual(['resolved', 'resolved']);
  });

  it('answers a read that saw a committed write only once that write is durable', async () => {
    const { tx, sync, insert } = setUp();
    void insert(7);
    await sync.started(1);
    const read = track(tx.read(() => db.prepare('SELECT n FROM t').all()));
    await flush();
    expect(read.state).toBe('pending');
    sync.pending[0]?.resolve();
    await tx.settled();
    expect(read).toMatchObject({ state: 'resolved', value: [{ n: 7 }] });
    // Nothing unacknowledged left: a read is answered at once.
    expect(await tx.read(() => 'now')).toBe('now');
  });

  it('answers a read of one document at once when no unacknowledged write touched it, and waits for the one that did', async () => {
    const { tx, sync } = setUp();
    const insert = (n: number): Promise<void> =>
      tx.write(() => {
        db.prepare('INSERT INTO t (n) VALUES (?)').run(n);
        tx.wrote(`t\u0000${n}`);
      });
    const readOne = (n: number) => tx.read(() => db.prepare('SELECT n FROM t WHERE n = ?').get(n) ?? null, `t\u0000${n}`);
    const first = insert(1);
    await sync.started(1);
    sync.pending[0]?.resolve();
    await first;

    void insert(2);
    await sync.started(2); // committed, its fsync still running
    const untouched = track(readOne(1));
    const never = track(readOne(3));
    const touched = track(readOne(2));
    const wholeTable = track(tx.read(() => db.prepare('SELECT count(*) AS n FROM t').get()));
    await flush();
    expect(untouched).toMatchObject({ state: 'resolved', value: { n: 1 } });
    expect(never).toMatchObject({ state: 'resolved', value: null });
    expect(touched.state).toBe('pending');
    expect(wholeTable.state).toBe('pending');

    sync.pending[1]?.resolve();
    await tx.settled();
    await flush();
    expect(touched).toMatchObject({ state: 'resolved', value: { n: 2 } });
    expect(wholeTable).toMatchObject({ state: 'resolved', value: { n: 2 } });

    // Once acknowledged, a write no longer holds back reads of its document.
    void insert(4);
    await sync.started(3);
    const afterwards = track(readOne(2));
    await flush();
    expect(afterwards).toMatchObject({ state: 'resolved', value: { n: 2 } });
    sync.pending[2]?.resolve();
    await tx.settled();
  });

  it('refuses the writes of a batch whose fsync failed and reports the storage as failing until a write succeeds', async () => {
    const { tx, sync, insert } = setUp();
    const lost = track(insert(1));
    await sync.started(1);
    sync.pending[0]?.reject(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    await tx.settled().catch(() => undefined);
    await flush();
    expect(lost.state).toBe('rejected');
    expect((lost.error as { code?: string }).code).toBe('EIO');
    expect(tx.failing).toBe(true);

    const next = track(insert(2));
    await sync.started(2);
    sync.pending[1]?.resolve();
    await tx.settled();
    expect(next.state).toBe('resolved');
    expect(tx.failing).toBe(false);
  });
});

describe('SqliteCollection reads by _id while other writes wait for their fsync', () => {
  it('waits only for unacknowledged inserts, updates and deletes of the document it reads', async () => {
    // The store's tables, with a transaction whose fsync the test completes by hand.
    const store = await SqliteDatabase.open(await mkdtemp(path.join(os.tmpdir(), 'leadq-tick-')), { synchronous: 'normal' });
    db = store.db;
    const sync = new ManualSync();
    const tx = new TickTransaction(db, sync.sync);
    const leads = new SqliteCollection<{ _id: string; n: number }>('leads', db, tx);
    const acknowledge = async (n: number): Promise<void> => {
      await sync.started(n);
      sync.pending[n - 1]?.resolve();
      await tx.settled();
    };
    const seeded = Promise.all([leads.insertOne({ _id: 'a', n: 1 }), leads.insertOne({ _id: 'b', n: 1 }), leads.insertOne({ _id: 'c', n: 1 })]);
    await acknowledge(1);
    await seeded;

    void leads.insertOne({ _id: 'd', n: 1 });
    void leads.updateOne({ _id: 'b' }, { $set: { n: 2 } });
    void leads.deleteOne({ _id: 'c' });
    await sync.started(2);
    const reads = ['a', 'b', 'c', 'd'].map((id) => track(leads.findOne({ _id: id })));
    await flush();
    expect(reads.map((read) => read.state)).toEqual(['resolved', 'pending', 'pending', 'pending']);
    expect(reads[0]?.value).toEqual({ _id: 'a', n: 1 });

    sync.pending[1]?.resolve();
    await tx.settled();
    await flush();
    expect(reads.map((read) => read.value)).toEqual([{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }, null, { _id: 'd', n: 1 }]);
  });
});
