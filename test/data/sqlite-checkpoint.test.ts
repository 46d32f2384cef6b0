/** Checkpoints in a worker thread: the log is copied into the database off the event loop, and kept small. */
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Checkpointer } from '../../data/sqlite/checkpointer.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function walDatabase(): Promise<{ db: Database.Database }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'leadq-checkpoint-'));
  dirs.push(dir);
  const db = new Database(path.join(dir, 'test.db'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)');
  return { db };
}

describe('the checkpoint worker', () => {
  it('switches the connection’s own checkpoint off and copies the whole log into the database', async () => {
    const { db } = await walDatabase();
    const checkpointer = new Checkpointer(db, { busyTimeoutMs: 1000, everyMs: 60_000 });
    try {
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
      db.transaction(() => {
        for (let i = 0; i < 500; i++) insert.run('x'.repeat(500));
      })();
      const result = await checkpointer.checkpointNow();
      expect(result.log).toBeGreaterThan(50);
      expect(result.checkpointed).toBe(result.log);
    } finally {
      await checkpointer.close();
      db.close();
    }
  });

  it('keeps the log small under writes that never pause: it starts over instead of growing', async () => {
    const { db } = await walDatabase();
    // The worker's passes are asked for every 5 ticks (its timer is out of the way), so a busy
    // machine delaying a thread cannot change what the test sees.
    const checkpointer = new Checkpointer(db, { busyTimeoutMs: 1000, everyMs: 60_000, restartAfterPages: 20 });
    try {
      const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
      let written = 0;
      let restarts = 0;
      let lastLog = 0;
      let largestLog = 0;
      let framesAppended = 0;
      // One transaction per tick, as the store writes, until the log has started over ten times.
      for (let tick = 0; tick < 5000 && restarts < 10; tick++) {
        db.transaction(() => {
          for (let i = 0; i < 20; i++) insert.run('y'.repeat(1000));
        })();
        written += 20;
        const log = (db.pragma('wal_checkpoint(NOOP)') as { log: number }[])[0]?.log ?? 0;
        if (log < lastLog) restarts++;
        framesAppended += log < lastLog ? log : log - lastLog;
        largestLog = Math.max(largestLog, log);
        lastLog = log;
        if (tick % 5 === 4) await checkpointer.checkpointNow();
      }
      expect(restarts).toBe(10);
      // No segment of the log holds more than a fraction of what went through it.
      expect(largestLog).toBeLessThan(framesAppended / 3);
      expect((db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(written);
    } finally {
      await checkpointer.close();
      db.close();
    }
  });

  it('starts its worker only once the log is worth copying, then keeps it small', async () => {
    const { db } = await walDatabase();
    const checkpointer = new Checkpointer(db, { busyTimeoutMs: 1000, everyMs: 20, startAfterLogBytes: 256 * 1024, restartAfterPages: 20 });
    try {
      let started = false;
      void checkpointer.whenStarted().then(() => (started = true));
      const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
      const write = (rows: number) => db.transaction(() => {
        for (let i = 0; i < rows; i++) insert.run('z'.repeat(1000));
      })();
      write(20);
      // Several of its 20 ms looks at a log of about 100 kB: no worker.
      const logBytes = () => statSync(`${db.name}-wal`).size;
      expect(logBytes()).toBeLessThan(256 * 1024);
      for (let look = 0; look < 5; look++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(started).toBe(false);
      write(400);
      expect(logBytes()).toBeGreaterThan(256 * 1024);
      await checkpointer.whenStarted();
      // The worker now copies the log; the next write transaction starts it over.
      const result = await checkpointer.checkpointNow();
      expect(result.checkpointed).toBe(result.log);
    } finally {
      await checkpointer.close();
      db.close();
    }
  });

  it('gives checkpointing back to the connection when the worker cannot run', async () => {
    const pragmas: string[] = [];
    let stopped!: () => void;
    const fellBack = new Promise<void>((resolve) => (stopped = resolve));
    const connection = {
      name: '/nonexistent-directory/leadq.db',
      open: true,
      inTransaction: false,
      pragma(source: string) {
        pragmas.push(source);
        if (source.startsWith('wal_autocheckpoint = 1000')) stopped();
        return [];
      },
    };
    const warnings: unknown[] = [];
    const logger = { warn: (fields: unknown) => warnings.push(fields), info: () => undefined, error: () => undefined };
    const checkpointer = new Checkpointer(connection as unknown as Database.Database, { busyTimeoutMs: 100, logger: logger as never });
    void checkpointer.checkpointNow();
    await fellBack;
    expect(pragmas[0]).toBe('wal_autocheckpoint = 0');
    expect(pragmas.at(-1)).toBe('wal_autocheckpoint = 1000');
    expect(warnings.length).toBeGreaterThan(0);
    await checkpointer.close();
  });
});
