/**
 * Who holds the data directory lock, and whether that process is provably gone. The holder
 * records its pid, host and start time; an opener on the same host can then tell a crashed
 * holder (no such pid, a zombie, or the pid now belongs to a process started later) from a live
 * one without waiting for the lock to go stale. Anything it cannot prove is "unknown".
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { randomId } from '../ids.js';

export interface LockOwner {
  pid: number;
  hostname: string;
  /** When the process started (ISO date): for humans, and the only start time off Linux. */
  startedAt: string;
  /**
   * Linux: the kernel's boot id and the process start time in clock ticks since boot
   * (/proc/<pid>/stat field 22). Together they name exactly one process, even once its pid is reused.
   */
  bootId?: string;
  startTicks?: string;
  /** Random id of this acquisition, so a breaker can check it removes the lock it judged. */
  lockId: string;
}

export type OwnerState = 'alive' | 'dead' | 'unknown';

/** The record this process writes when it takes the lock. */
export function currentOwner(): LockOwner {
  const bootId = readBootId();
  const startTicks = readProcessStat(process.pid)?.startTicks;
  return {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: new Date(performance.timeOrigin).toISOString(),
    ...(bootId && startTicks ? { bootId, startTicks } : {}),
    lockId: randomId(),
  };
}

/** Parses a stored record; null when it is not one (torn write, foreign file). */
export function parseOwner(text: string): LockOwner | null {
  try {
    const value = JSON.parse(text) as Partial<LockOwner> | null;
    const ok =
      value !== null &&
      typeof value === 'object' &&
      Number.isSafeInteger(value.pid) &&
      (value.pid as number) > 0 &&
      typeof value.hostname === 'string' &&
      typeof value.startedAt === 'string' &&
      typeof value.lockId === 'string' &&
      (value.bootId === undefined || typeof value.bootId === 'string') &&
      (value.startTicks === undefined || typeof value.startTicks === 'string');
    return ok ? (value as LockOwner) : null;
  } catch {
    return null;
  }
}

/**
 * Only a holder on this host can be judged (pids mean nothing elsewhere): `dead` when its pid is
 * gone, a zombie, or reused by a later process (or the host rebooted since); `alive` when it
 * still runs; `unknown` for another host.
 */
export function ownerState(owner: LockOwner): OwnerState {
  if (owner.hostname !== os.hostname()) return 'unknown';
  if (!pidExists(owner.pid)) return 'dead';
  if (owner.bootId && owner.startTicks) {
    const bootId = readBootId();
    if (bootId && bootId !== owner.bootId) return 'dead';
    const stat = readProcessStat(owner.pid);
    if (stat && (stat.zombie || stat.startTicks !== owner.startTicks)) return 'dead';
  }
  return 'alive';
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: existence and permission check only
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH'; // EPERM: it exists, owned by another user
  }
}

function readBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** /proc/<pid>/stat: the command name (field 2) may hold spaces and parentheses, so fields are counted after its last ')'. */
function readProcessStat(pid: number): { startTicks: string; zombie: boolean } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const startTicks = fields[19]; // field 22 of the whole line
  if (!state || !startTicks || !/^\d+$/.test(startTicks)) return undefined;
  return { startTicks, zombie: state === 'Z' || state === 'X' };
}
