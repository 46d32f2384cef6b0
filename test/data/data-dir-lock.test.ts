/**
 * The embedded store's directory lock: a crashed holder's lock is taken over at once when the
 * holder is provably dead on this host, a live holder is refused at once, and an owner that
 * cannot be judged falls back to the stale-mtime rule.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedDatabase } from '../../data/embedded/embedded-database.js';
import { currentOwner, type LockOwner } from '../../data/embedded/lock-owner.js';
import { DataDirLockedError } from '../../data/errors.js';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('embedded store: data directory lock', () => {
  let dataDir: string;
  let lockDir: string;
  const children: ChildProcessWithoutNullStreams[] = [];
  const databases: EmbeddedDatabase[] = [];

  /** A child process that opens the store and writes to it until killed; resolves after its first acknowledged write. */
  const startHolder = async (): Promise<ChildProcessWithoutNullStreams> => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures/write-loop.ts'), dataDir]);
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ack ') && resolve());
      child.on('exit', () => reject(new Error(`holder exited early: ${stderr}`)));
    });
    return child;
  };
  const kill = async (child: ChildProcessWithoutNullStreams): Promise<void> => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  const open = async (): Promise<EmbeddedDatabase> => {
    const db = await EmbeddedDatabase.open(dataDir);
    databases.push(db);
    return db;
  };
  /** A lock left by someone else: the directory, its owner record, and a fresh (not stale) mtime. */
  const plantLock = async (owner: object | string, ageMs = 0): Promise<void> => {
    await mkdir(lockDir);
    await writeFile(path.join(lockDir, 'owner.json'), typeof owner === 'string' ? owner : JSON.stringify(owner));
    const at = new Date(Date.now() - ageMs);
    await utimes(lockDir, at, at);
  };
  const recordedOwner = async (): Promise<LockOwner> => JSON.parse(await readFile(path.join(lockDir, 'owner.json'), 'utf8')) as LockOwner;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-lock-'));
    lockDir = path.join(dataDir, 'leadq.lock');
  });
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) await kill(child);
    for (const db of databases.splice(0)) await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('records its owner (pid, host, start time) while open, keeps the lock past its refresh interval, removes it on close', async () => {
    const db = await open();
    expect(await recordedOwner()).toMatchObject({ pid: process.pid, hostname: os.hostname(), startedAt: expect.any(String), lockId: expect.any(String) });
    expect(db.lockTakeover).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 2500)); // proper-lockfile refreshes (and checks) the lock every second
    expect(await db.ping()).toBe(true);
    await databases.pop()?.close();
    await expect(stat(lockDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('after a holder is killed with SIGKILL, the next opener breaks its lock at once because the owner is dead', async () => {
    const holder = await startHolder();
    const recorded = await recordedOwner();
    expect(recorded.pid).toBe(holder.pid);
    await kill(holder);
    // The lock is as fresh as a live holder's: only the dead owner can justify breaking it.
    await utimes(lockDir, new Date(), new Date());

    const started = performance.now();
    const db = await open();
    const reopenMs = performance.now() - started;

    expect(db.lockTakeover).toEqual({ reason: 'owner-dead', owner: recorded });
    expect((await recordedOwner()).pid).toBe(process.pid);
    const leads = await db.collection('leads');
    expect(await leads.count({})).toBeGreaterThan(0); // the dead holder's acknowledged writes are there
    console.info(`reopened after SIGKILL in ${Math.round(reopenMs)} ms`);
  }, 30_000);

  it('refuses a live holder in another process at once, naming it', async () => {
    const holder = await startHolder();
    const refused = await EmbeddedDatabase.open(dataDir).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect((refused as DataDirLockedError).holder).toContain(`pid ${holder.pid} on ${os.hostname()}`);
    expect((await recordedOwner()).pid).toBe(holder.pid);
    await kill(holder);
    expect((await open()).lockTakeover?.reason).toBe('owner-dead');
  }, 30_000);

  it('breaks the lock of a pid now used by a process started later, or recorded before a reboot', async () => {
    const me = currentOwner();
    expect(me.startTicks).toMatch(/^\d+$/); // Linux: /proc gives the start time
    const reused = { ...me, startTicks: String(Number(me.startTicks) + 1), lockId: 'reused' };
    await plantLock(reused);
    expect((await open()).lockTakeover).toEqual({ reason: 'owner-dead', owner: reused });
    await databases.pop()?.close();

    const beforeReboot = { ...me, bootId: 'another-boot', lockId: 'rebooted' };
    await plantLock(beforeReboot);
    expect((await open()).lockTakeover).toEqual({ reason: 'owner-dead', owner: beforeReboot });
  });

  it('of two openers racing to break a dead lock, exactly one gets the directory', async () => {
    const me = currentOwner();
    await plantLock({ ...me, startTicks: String(Number(me.startTicks) + 1), lockId: 'dead' });
    const results = await Promise.allSettled([EmbeddedDatabase.open(dataDir), EmbeddedDatabase.open(dataDir)]);
    for (const result of results) if (result.status === 'fulfilled') databases.push(result.value);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected');
    expect(loser?.reason).toBeInstanceOf(DataDirLockedError);
    expect((await recordedOwner()).lockId).toBe(databases[0]?.['lock'].owner.lockId);
  }, 30_000);

  it('a lock directory without a record (an older leadq) is only taken over once stale', async () => {
    await mkdir(lockDir);
    const heartbeat = setInterval(() => void utimes(lockDir, new Date(), new Date()).catch(() => undefined), 500);
    try {
      await expect(EmbeddedDatabase.open(dataDir)).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      clearInterval(heartbeat);
    }
    const old = new Date(Date.now() - 60_000);
    await utimes(lockDir, old, old);
    expect((await open()).lockTakeover).toBeNull();
    expect((await recordedOwner()).pid).toBe(process.pid);
  }, 30_000);

  it('refuses at once when the recorded owner is this very process', async () => {
    await plantLock(currentOwner());
    await expect(EmbeddedDatabase.open(dataDir)).rejects.toBeInstanceOf(DataDirLockedError);
    expect(await stat(lockDir)).toBeTruthy();
  });

  it('an owner on another host, or an unreadable record, is never judged: only the stale-mtime rule applies', async () => {
    const elsewhere = { ...currentOwner(), hostname: `not-${os.hostname()}`, pid: 999_999_999 };
    await plantLock(elsewhere);
    // A live holder on the other host keeps its lock fresh.
    const heartbeat = setInterval(() => void utimes(lockDir, new Date(), new Date()).catch(() => undefined), 500);
    try {
      await expect(EmbeddedDatabase.open(dataDir)).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      clearInterval(heartbeat);
    }
    expect((await recordedOwner()).hostname).toBe(elsewhere.hostname);

    await rm(lockDir, { recursive: true });
    await plantLock(elsewhere, 60_000);
    const db = await open();
    expect(db.lockTakeover).toBeNull();
    expect((await recordedOwner()).pid).toBe(process.pid);
    await databases.pop()?.close();

    await plantLock('{"pid": {"$gt": 0}, "__proto__": {"polluted": true}} <b>🔒</b>', 60_000);
    expect((await open()).lockTakeover).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 30_000);
});
