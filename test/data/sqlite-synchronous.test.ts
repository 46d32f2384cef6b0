/** SQLITE_SYNCHRONOUS: the operator's choice between an fsync of every commit (default) and kill -9 safety only. */
import { mkdtemp, open, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../bot/config.js';
import { openStore } from '../../data/open-store.js';
import { SqliteDatabase } from '../../data/sqlite/sqlite-database.js';

/** SQLite's code for `synchronous = NORMAL` (syncs around checkpoints only). */
const NORMAL = 1;

/** The files fsynced while three writes in three ticks are acknowledged, and SQLite's own synchronous setting. */
async function syncedDuringWrites(options: Parameters<typeof SqliteDatabase.open>[1]): Promise<{ synced: string[]; sqliteSynchronous: unknown }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-sync-'));
  const db = await SqliteDatabase.open(dataDir, options);
  const probe = await open(path.join(dataDir, 'probe'), 'w');
  const fileHandle = Object.getPrototypeOf(probe) as { datasync(this: { fd: number }): Promise<void> };
  await probe.close();
  const synced: string[] = [];
  const realSync = fileHandle.datasync;
  const spy = vi.spyOn(fileHandle, 'datasync').mockImplementation(async function (this: { fd: number }) {
    synced.push(path.basename(await readlink(`/proc/self/fd/${this.fd}`)));
    return realSync.call(this);
  });
  try {
    const things = await db.collection<{ _id: string }>('things');
    for (const id of ['a', 'b', 'c']) await things.insertOne({ _id: id });
    return { synced, sqliteSynchronous: db.db.pragma('synchronous', { simple: true }) };
  } finally {
    spy.mockRestore();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

describe('SQLITE_SYNCHRONOUS', () => {
  it('by default every acknowledged commit has fsynced the write-ahead log; with normal none has', async () => {
    for (const options of [{}, { synchronous: 'full' as const }]) {
      const full = await syncedDuringWrites(options);
      expect(full.synced).toEqual(['leadq.db-wal', 'leadq.db-wal', 'leadq.db-wal']);
      // The fsync is ours, off the event loop, not SQLite's inside COMMIT.
      expect(full.sqliteSynchronous).toBe(NORMAL);
    }
    const normal = await syncedDuringWrites({ synchronous: 'normal' });
    expect(normal.synced).toEqual([]);
    expect(normal.sqliteSynchronous).toBe(NORMAL);
  });

  it('commits made while an fsync runs share the next fsync, which starts after that one and before they are acknowledged', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-sync-shared-'));
    const db = await SqliteDatabase.open(dataDir);
    const probe = await open(path.join(dataDir, 'probe'), 'w');
    const fileHandle = Object.getPrototypeOf(probe) as { datasync(this: { fd: number }): Promise<void> };
    await probe.close();
    const realSync = fileHandle.datasync;
    const things = await db.collection<{ _id: string }>('things');
    await things.insertOne({ _id: 'before' });
    // Each fsync waits for the test to let it finish; `committed` is how many commits were made when it started.
    const fsyncs: { committed: number; finish: () => void }[] = [];
    let committed = 0;
    const started = (n: number) => vi.waitFor(() => expect(fsyncs).toHaveLength(n));
    const spy = vi.spyOn(fileHandle, 'datasync').mockImplementation(function (this: { fd: number }) {
      return new Promise<void>((resolve, reject) => fsyncs.push({ committed, finish: () => void realSync.call(this).then(resolve, reject) }));
    });
    try {
      const acknowledged: string[] = [];
      const write = (id: string) => {
        const done = things.insertOne({ _id: id }).then(() => void acknowledged.push(id));
        setImmediate(() => committed++); // the tick's commit runs in the setImmediate queued before this one
        return done;
      };
      const a = write('a');
      await started(1);
      // Two more commits, in two later ticks, while the first fsync runs: no fsync of their own yet.
      const b = write('b');
      await new Promise((resolve) => setImmediate(resolve));
      const c = write('c');
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(fsyncs).toHaveLength(1);
      expect(acknowledged).toEqual([]);

      fsyncs[0]!.finish();
      await a;
      await started(2);
      expect(fsyncs[1]!.committed).toBe(3);
      expect(acknowledged).toEqual(['a']);
      fsyncs[1]!.finish();
      await Promise.all([b, c]);
      expect(acknowledged).toEqual(['a', 'b', 'c']);
      expect(fsyncs).toHaveLength(2);
    } finally {
      for (const fsync of fsyncs) fsync.finish();
      spy.mockRestore();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('is read from the environment, full when unset, and anything else is refused with its name', () => {
    expect(loadConfig({}).sqliteSynchronous).toBe('full');
    expect(loadConfig({ SQLITE_SYNCHRONOUS: 'normal' }).sqliteSynchronous).toBe('normal');
    expect(() => loadConfig({ SQLITE_SYNCHRONOUS: 'off' })).toThrow(ConfigError);
    expect(() => loadConfig({ SQLITE_SYNCHRONOUS: 'off' })).toThrow(/SQLITE_SYNCHRONOUS must be "full" or "normal"/);
  });

  it('a store opened with normal still reads back what it acknowledged after reopening', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-sync-store-'));
    try {
      const store = await openStore({ dataDir, sqliteSynchronous: 'normal' });
      const lead = await store.leads.upsert({ email: 'ann@example.com' }, { score: 40, temperature: 'warm' });
      await store.close();
      const reopened = await openStore({ dataDir });
      expect((await reopened.leads.get(lead._id))?.score).toBe(40);
      await reopened.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
