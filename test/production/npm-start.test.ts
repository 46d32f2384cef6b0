/**
 * `npm start` (tools/start.mjs), run in a copy of this checkout (its node_modules linked): on an
 * up-to-date build it starts without compiling; after a source changed it builds first.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm, stat, symlink, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Two or three server starts and, in the second test, a compile: on a busy 2-core machine, a minute or more.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 120_000 });

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NOT_COPIED = new Set(['node_modules', '.git', '.data', 'test', 'bench', 'test-results', 'coverage', '.console-build']);
let dir = '';
let app = '';
const buildMark = () => path.join(app, 'dist', '.tsbuildinfo');

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'leadq-npm-start-'));
  app = path.join(dir, 'app');
  // Timestamps kept: they are what the launcher compares.
  await cp(ROOT, app, { recursive: true, preserveTimestamps: true, filter: (src) => !NOT_COPIED.has(path.relative(ROOT, src).split(path.sep)[0]!) });
  await symlink(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `node tools/start.mjs` until it listens; checks /healthz, stops it with SIGTERM; its output and exit code. */
async function startOnce(): Promise<{ output: string; code: number | null }> {
  const child = spawn(process.execPath, ['tools/start.mjs'], {
    cwd: app,
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', DATA_DIR: path.join(dir, 'data'), WATCH_FILES: 'false', LOG_LEVEL: 'info' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const found = /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1];
      if (found) resolve(found);
    });
    void exited.then((code) => reject(new Error(`npm start exited (${code}) before listening:\n${output}`)));
  });
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  child.kill('SIGTERM');
  return { output, code: await exited };
}

describe('npm start', () => {
  it('on an up-to-date build, starts without compiling and stops cleanly on SIGTERM', async () => {
    // Brings the copy's build up to date, whatever state the checkout was in.
    expect((await startOnce()).code).toBe(0);
    const builtAt = (await stat(buildMark())).mtimeMs;
    const second = await startOnce();
    expect(second.code).toBe(0);
    expect((await stat(buildMark())).mtimeMs).toBe(builtAt);
  });

  it('builds first when a compiled source is newer than the last build', async () => {
    const builtAt = (await stat(buildMark())).mtimeMs;
    const changed = new Date(builtAt + 2_000);
    await utimes(path.join(app, 'core', 'log.ts'), changed, changed);
    expect((await startOnce()).code).toBe(0);
    expect((await stat(buildMark())).mtimeMs).toBeGreaterThanOrEqual(changed.getTime());
  });
});
