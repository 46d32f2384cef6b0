/**
 * The lock on the embedded store's directory: proper-lockfile's lock directory (atomic mkdir,
 * mtime kept fresh while the holder lives), plus an owner record inside it. On open:
 * - a holder on this host that provably died (see lock-owner.ts) loses the lock at once, so a
 *   restart after a crash (SIGKILL, OOM) does not wait for staleness;
 * - a holder on this host that still runs is refused at once;
 * - anything else (another host, no readable record) falls back to proper-lockfile's rule: the
 *   lock is taken over once its mtime is older than STALE_MS.
 */
import fs from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { createLogger } from '../../core/log.js';
import { DataDirLockedError } from '../errors.js';
import { randomId } from '../ids.js';
import { currentOwner, ownerState, parseOwner, type LockOwner } from './lock-owner.js';

const log = createLogger('embedded-store');

const LOCK_DIR = 'leadq.lock';
const OWNER_FILE = 'owner.json';
/** The stale fallback: an opener waits a little longer than STALE_MS before concluding the directory is really in use. */
const STALE_MS = 5000;
const LOCK_RETRIES = { retries: 7, factor: 1, minTimeout: 1000, maxTimeout: 1000 };

/** How the lock was obtained when a previous holder had left it behind. */
export interface LockTakeover {
  reason: 'owner-dead';
  owner: LockOwner;
}

type Callback = (err: NodeJS.ErrnoException | null) => void;

/**
 * The file system proper-lockfile sees. Its lock is a directory made with mkdir; here that
 * directory is born with the owner record inside (staged, then renamed into place, atomically),
 * so there is never a lock without its owner, and the directory is not touched afterwards
 * (proper-lockfile treats any mtime change it did not make as a stolen lock). Removal (release,
 * stale takeover, exit) deletes the record first, since rmdir needs an empty directory.
 */
function lockFsFor(owner: LockOwner) {
  return {
    ...fs,
    mkdir: (dir: string, callback: Callback) => {
      const staging = `${dir}.new-${owner.lockId}`;
      const fail = (err: NodeJS.ErrnoException) => fs.rm(staging, { recursive: true, force: true }, () => callback(err));
      fs.mkdir(staging, (err) => {
        if (err) return callback(err);
        fs.writeFile(path.join(staging, OWNER_FILE), JSON.stringify(owner), (err) => {
          if (err) return fail(err);
          // rename refuses a non-empty target (the lock exists: mkdir's EEXIST) but would replace an
          // empty one, a lock without a record (an older leadq's, or one being released): that exists too.
          if (fs.existsSync(dir)) return fail(Object.assign(new Error(`EEXIST: ${dir} exists`), { code: 'EEXIST' }));
          fs.rename(staging, dir, (err) => (err ? fail(err.code === 'ENOTEMPTY' ? Object.assign(err, { code: 'EEXIST' }) : err) : callback(null)));
        });
      });
    },
    rmdir: (dir: string, callback: Callback) => fs.rm(path.join(dir, OWNER_FILE), { force: true }, (err) => (err ? callback(err) : fs.rmdir(dir, callback))),
    rmdirSync: (dir: string) => {
      fs.rmSync(path.join(dir, OWNER_FILE), { force: true });
      fs.rmdirSync(dir);
    },
  };
}

export class DataDirLock {
  private constructor(
    readonly owner: LockOwner,
    readonly takeover: LockTakeover | null,
    private readonly release: () => Promise<void>,
    private readonly status: { lost: Error | null },
  ) {}

  /** Set when the lock was lost while held (e.g. the process stalled longer than STALE_MS). */
  get lost(): Error | null {
    return this.status.lost;
  }

  /** Throws DataDirLockedError when another live process holds `dir`. */
  static async acquire(dir: string): Promise<DataDirLock> {
    const lockDir = path.join(dir, LOCK_DIR);
    const previous = await readOwner(lockDir);
    let takeover: LockTakeover | null = null;
    if (previous) {
      const state = ownerState(previous);
      if (state === 'alive') throw new DataDirLockedError(dir, describe(previous));
      if (state === 'dead' && (await breakLock(lockDir, previous))) {
        takeover = { reason: 'owner-dead', owner: previous };
        log.warn({ dataDir: dir, owner: previous }, 'the previous holder of the data directory is dead: took its lock over');
      }
    }
    const owner = currentOwner();
    const status = { lost: null as Error | null };
    const release = await lockfile
      .lock(dir, {
        lockfilePath: lockDir,
        fs: lockFsFor(owner),
        stale: STALE_MS,
        update: 1000,
        retries: LOCK_RETRIES,
        onCompromised: (err) => {
          log.error({ err, dataDir: dir }, 'lost the lock on the data directory: stopping the embedded store');
          status.lost = err;
        },
      })
      .catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'ELOCKED' ? new DataDirLockedError(dir) : err;
      });
    return new DataDirLock(owner, takeover, release, status);
  }

  async unlock(): Promise<void> {
    await this.release();
  }
}

async function readOwner(lockDir: string): Promise<LockOwner | null> {
  try {
    return parseOwner(await readFile(path.join(lockDir, OWNER_FILE), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Removes the lock of a dead holder. The directory is first renamed aside (atomic), then its
 * record is checked: if another opener replaced the lock in between, it is put back untouched.
 */
async function breakLock(lockDir: string, dead: LockOwner): Promise<boolean> {
  const aside = `${lockDir}.broken-${randomId()}`;
  try {
    await rename(lockDir, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false; // someone else broke it first
    throw err;
  }
  const moved = await readOwner(aside);
  if (moved?.lockId !== dead.lockId) {
    await rename(aside, lockDir).catch((err: unknown) => log.warn({ err, lockDir }, 'could not put back a lock taken by mistake'));
    return false;
  }
  await rm(aside, { recursive: true, force: true });
  return true;
}

function describe(owner: LockOwner): string {
  return `pid ${owner.pid} on ${owner.hostname}, started ${owner.startedAt}`;
}
