/**
 * A FerretDB server (MongoDB wire protocol over SQLite, built by tools/ferretdb/build.sh) on a
 * loopback port chosen by the OS, with its data in a temporary directory removed on stop. A
 * fault-injection test stops a server and starts it again on the same port and data directory
 * (`restart`), so the app's driver reconnects to it by itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
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
  /** Ends the server process (SIGKILL: a crash; SIGTERM: an orderly stop), keeping its data and port for `restart`. */
  halt(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** Starts it again, after `halt`, on the same port and data. */
  restart(): Promise<void>;
}

export function ferretDbBuilt(): boolean {
  return existsSync(FERRETDB_BINARY);
}

export async function startFerretDb(): Promise<FerretDbServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-ferretdb-'));
  let running: RunningProcess;
  try {
    running = await spawnFerretDb('127.0.0.1:0', dataDir);
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const listen = new URL(running.uri).host;
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    running.child.kill(signal);
    await running.exited;
  };
  return {
    uri: `${running.uri}?maxPoolSize=${MAX_POOL_SIZE}`,
    halt,
    restart: async () => {
      running = await spawnFerretDb(listen, dataDir);
    },
    stop: async () => {
      await halt('SIGTERM');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

interface RunningProcess {
  /** mongodb://host:port/ as FerretDB announces it. */
  uri: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

async function spawnFerretDb(listen: string, dataDir: string): Promise<RunningProcess> {
  const child = spawn(FERRETDB_BINARY, ['--listen', listen, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const uri = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`FerretDB (${FERRETDB_BINARY}) not ready within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      child.once('error', reject);
      void exited.then((code) => reject(new Error(`FerretDB (${FERRETDB_BINARY}) exited with ${code} before it was ready`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const ready = /^ferretdb ready (\S+)/.exec(line);
        if (!ready) return;
        clearTimeout(timer);
        resolve(ready[1]!);
      });
    });
    return { uri, child, exited };
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw err;
  }
}
