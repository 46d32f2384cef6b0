/**
 * A wrong MONGODB_URI is reported quickly, in one line that names the variable: an unreachable
 * host, a server that accepts connections but never answers, a string that is not a MongoDB URI.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../data/errors.js';
import { openStore } from '../../data/open-store.js';

/** Accepts TCP connections and never says a word (a firewall black hole, a wrong service). */
let silent: Server;
let silentUri: string;
const sockets: Socket[] = [];
/** A port that was free a moment ago: nothing listens there. */
let refusedUri: string;
let dataDir: string;

beforeAll(async () => {
  // openStore loads the MongoDB driver on first use: load it now, so the 5 s measured below are the
  // connection's (4 s of server selection) and not the import of the driver on a busy machine.
  await import('../../data/mongodb/mongo-database.js');
  silent = createServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1');
  await once(silent, 'listening');
  silentUri = `mongodb://127.0.0.1:${(silent.address() as { port: number }).port}/leadq`;
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  refusedUri = `mongodb://user:secret@127.0.0.1:${(probe.address() as { port: number }).port}/leadq`;
  await new Promise((resolve) => probe.close(resolve));
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-bad-uri-'));
});
afterAll(async () => {
  sockets.forEach((socket) => socket.destroy());
  await new Promise((resolve) => silent.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
});

async function refusal(uri: string): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  const error = await openStore({ mongodbUri: uri, dataDir }).then(
    (store) => store.close(),
    (err: unknown) => err,
  );
  return { error, ms: Date.now() - started };
}

describe('a wrong MONGODB_URI', () => {
  it.each([
    ['nothing listens at the address', () => refusedUri],
    ['the server accepts connections but never answers', () => silentUri],
  ])('fails within 5 s with one line naming MONGODB_URI when %s', async (_case, uri) => {
    const { error, ms } = await refusal(uri());
    expect(error).toBeInstanceOf(StoreUnavailableError);
    const message = (error as Error).message;
    expect(message).toMatch(/^MONGODB_URI: cannot use the MongoDB server at mongodb:\/\/.*127\.0\.0\.1/);
    expect(message).not.toContain('\n');
    expect(message).not.toContain('secret');
    expect(ms).toBeLessThan(5000);
  });

  it('that is not a MongoDB connection string is refused at once', async () => {
    const { error, ms } = await refusal('http://example.com/leads');
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(/^MONGODB_URI is not a usable MongoDB connection string/);
    expect(ms).toBeLessThan(1000);
  });

  // The process loads its models and scripts first: slow on a busy machine, hence the long timeout.
  it('stops `leadq start` with exit code 1 and that single line on stderr, no stack trace', { timeout: 120_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
      env: { ...process.env, MONGODB_URI: silentUri, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^leadq: MONGODB_URI: cannot use the MongoDB server at mongodb:\/\/127\.0\.0\.1:\d+\/leadq: Server selection timed out after 4000 ms$/)]);
    expect(stdout).not.toMatch(/\bat \S+ \(/);
  });
});
