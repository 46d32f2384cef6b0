/**
 * `npm start` (tools/start.mjs) on an up-to-date build: no compile, no training, the server starts
 * in the launcher's own process. (A stale or missing build is built first: that path runs on every
 * fresh clone, `npm install && npm start`.)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD_MARK = path.join(ROOT, 'dist', '.tsbuildinfo');
let dataDir = '';

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('npm start on an up-to-date build', () => {
  it('starts the server without rebuilding, answers /healthz, and stops cleanly on SIGTERM', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-npm-start-'));
    const builtAt = (await stat(BUILD_MARK)).mtimeMs;
    const child = spawn(process.execPath, ['tools/start.mjs'], { cwd: ROOT, env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, WATCH_FILES: 'false', LOG_LEVEL: 'info' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (): void => {
        const found = /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1];
        if (found) resolve(found);
      };
      child.stdout.on('data', onData);
      void exited.then((code) => reject(new Error(`npm start exited (${code}) before listening:\n${output}`)));
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await stat(BUILD_MARK)).mtimeMs).toBe(builtAt);
    expect(output).not.toMatch(/tsc|error TS/);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
