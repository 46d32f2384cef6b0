/**
 * A real full disk for the embedded store: a small tmpfs mounted for the test (root only, as in
 * the sandbox and in a privileged CI container), filled to the last byte by a filler file and
 * freed again by deleting it. SQLite then fails writes with SQLITE_FULL exactly as on a full disk.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, open, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CHUNK = Buffer.alloc(1 << 20);

export class FullDisk {
  private constructor(readonly dir: string) {}

  /** Mounts a tmpfs of `sizeMb`; when this process may not mount, the reason instead. */
  static async mount(sizeMb: number): Promise<FullDisk | string> {
    const dir = await mkdtemp('/tmp/reliability-disk-');
    try {
      await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir]);
      return new FullDisk(dir);
    } catch (err) {
      await rmdir(dir).catch(() => undefined);
      return `cannot mount a tmpfs (needs root with CAP_SYS_ADMIN): ${String((err as { stderr?: string }).stderr ?? err).trim()}`;
    }
  }

  private get filler(): string {
    return path.join(this.dir, 'filler');
  }

  /** Writes until the disk refuses (ENOSPC); resolves with the bytes written. */
  async fill(): Promise<number> {
    const file = await open(this.filler, 'a');
    let written = 0;
    try {
      for (;;) written += (await file.write(CHUNK)).bytesWritten;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    } finally {
      await file.close();
    }
    return written;
  }

  async free(): Promise<void> {
    await rm(this.filler, { force: true });
  }

  async unmount(): Promise<void> {
    await run('umount', ['-l', this.dir]);
    await rmdir(this.dir);
  }
}
