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
  const fileHandle = Object.getPrototypeOf(probe) as { sync(this: { fd: number }): Promise<void> };
  await probe.close();
  const synced: string[] = [];
  const realSync = fileHandle.sync;
  const spy = vi.spyOn(fileHandle, 'sync').mockImplementation(async function (this: { fd: number }) {
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
