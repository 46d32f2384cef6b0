/** Group commit with an fsync off the event loop: what is acknowledged when, and what a failed fsync means. */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
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
