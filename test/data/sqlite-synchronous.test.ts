/** SQLITE_SYNCHRONOUS: the operator's choice between fsync at every commit (default) and kill -9 safety only. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../bot/config.js';
import { openStore } from '../../data/open-store.js';
import { SqliteDatabase } from '../../data/sqlite/sqlite-database.js';

/** SQLite's codes for the `synchronous` pragma. */
const NORMAL = 1;
const FULL = 2;

async function synchronousOf(options: Parameters<typeof SqliteDatabase.open>[1]): Promise<unknown> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-sync-'));
  const db = await SqliteDatabase.open(dataDir, options);
  try {
    return db.db.pragma('synchronous', { simple: true });
  } finally {
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

describe('SQLITE_SYNCHRONOUS', () => {
  it('fsyncs every commit by default, and not with normal', async () => {
    expect(await synchronousOf({})).toBe(FULL);
    expect(await synchronousOf({ synchronous: 'full' })).toBe(FULL);
    expect(await synchronousOf({ synchronous: 'normal' })).toBe(NORMAL);
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
