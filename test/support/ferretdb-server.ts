/**
 * A FerretDB server (MongoDB wire protocol over SQLite, built by tools/ferretdb/build.sh) on a
 * loopback port chosen by the OS, with its data in a temporary directory removed on stop.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** Where build.sh links the binary; LEADQ_FERRETDB_BIN overrides it. */
export const FERRETDB_BINARY = process.env.LEADQ_FERRETDB_BIN ?? fileURLToPath(new URL('../../tools/ferretdb/bin/ferretdb', import.meta.url));

const READY_TIMEOUT_MS = 30_000;
/**
 * Connections per client. SQLite has one writer at a time and FerretDB gives each client
 * connection its own SQLite connection, whose busy-wait can starve past FerretDB's 10 s busy
 * timeout (SQLITE_BUSY) when dozens of connections write at once; a few per client do not.
 */
const MAX_POOL_SIZE = 4;

export interface FerretDbServer {
  uri: string;
  stop(): Promise<void>;
}

export function ferretDbBuilt(): boolean {
  return existsSync(FERRETDB_BINARY);
}

export async function startFerretDb(): Promise<FerretDbServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-ferretdb-'));
  const child = spawn(FERRETDB_BINARY, ['--listen', '127.0.0.1:0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const uri = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`FerretDB (${FERRETDB_BINARY}) not ready within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      child.once('error', reject);
      void exited.then((code) => reject(new Error(`FerretDB (${FERRETDB_BINARY}) exited with ${code} before it was ready`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        const ready = /^ferretdb ready (\S+)/.exec(line);
        if (!ready) return;
        clearTimeout(timer);
        resolve(`${ready[1]!}?maxPoolSize=${MAX_POOL_SIZE}`);
      });
    });
    return {
      uri,
      stop: async () => {
        child.kill('SIGTERM');
        await exited;
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}
