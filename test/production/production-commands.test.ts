/**
 * Runs the Dockerfile's own commands outside Docker (no engine, no image pulls on CI): build with
 * dev dependencies, prune to production dependencies, copy what the runtime stage copies into a
 * fresh directory, start the CMD there and get /healthz — with no TypeScript compiler, no tsx and
 * no training available at run time.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Stage {
  runs: string[];
  copies: { from: string; to: string }[];
  env: Record<string, string>;
  cmd: string[];
  healthcheck: string[];
}

/** The instructions of each stage (continuation lines joined), enough for this Dockerfile. */
function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const line of text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim())) {
    if (line.startsWith('FROM ')) stages.push({ runs: [], copies: [], env: {}, cmd: [], healthcheck: [] });
    const stage = stages.at(-1);
    if (!stage || line.startsWith('#')) continue;
    if (line.startsWith('RUN ')) stage.runs.push(line.slice(4));
    const copy = /^COPY (?:--from=build )?(.+) (\S+)$/.exec(line);
    if (copy) for (const from of copy[1]!.split(' ')) stage.copies.push({ from, to: copy[2]! });
    if (line.startsWith('ENV ')) for (const [, k, v] of line.slice(4).matchAll(/(\w+)=(\S+)/g)) stage.env[k!] = v!;
    if (line.startsWith('CMD ')) stage.cmd = JSON.parse(line.slice(4)) as string[];
    if (line.startsWith('HEALTHCHECK ')) stage.healthcheck = JSON.parse(line.slice(line.indexOf('CMD ') + 4)) as string[];
  }
  return stages;
}

const ROOT = process.cwd();
const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const [build, runtime] = dockerfile as [Stage, Stage];
const IGNORED = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));

function run(command: string, cwd: string): void {
  const result = spawnSync('sh', ['-c', command], { cwd, encoding: 'utf8', env: { ...process.env, NODE_ENV: '' } });
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

describe('the Dockerfile commands, outside Docker', () => {
  let dir: string;
  let app: ChildProcess | undefined;
  let output = '';
  let url = '';
  let startMs = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'operator-production-'));
    const buildDir = join(dir, 'build');
    const runtimeDir = join(dir, 'runtime');
    // `COPY . .` minus .dockerignore.
    await cp(ROOT, buildDir, { recursive: true, filter: (src) => !IGNORED.some((pattern) => relative(ROOT, src) === pattern || (pattern.startsWith('*') && src.endsWith(pattern.slice(1)))) });
    // `npm ci` stands for itself: this checkout's node_modules is that install (a fresh one takes minutes and
    // native builds). Hard links make the copy instant; prune only unlinks, and the lock file it rewrites is a real copy.
    run(`cp -al ${JSON.stringify(join(ROOT, 'node_modules'))}/. node_modules/ 2>/dev/null || cp -al "$(readlink -f ${JSON.stringify(join(ROOT, 'node_modules'))})" node_modules`, buildDir);
    run('rm -f node_modules/.package-lock.json && cp "$(readlink -f ' + JSON.stringify(join(ROOT, 'node_modules')) + ')/.package-lock.json" node_modules/.package-lock.json', buildDir);
    for (const command of build.runs) {
      if (command.startsWith('npm ci')) continue;
      // Offline: CI has every package already; nothing may be downloaded.
      run(command.startsWith('npm prune') ? `${command} --offline` : command, buildDir);
    }
    await mkdir(runtimeDir);
    for (const { from, to } of runtime.copies) {
      const target = to === './' ? join(runtimeDir, from.replace('/app/', '')) : join(runtimeDir, to);
      await cp(join(buildDir, from.replace('/app/', '')), target, { recursive: true, verbatimSymlinks: true });
    }

    const started = performance.now();
    app = spawn(runtime.cmd[0]!, runtime.cmd.slice(1), {
      cwd: runtimeDir,
      env: { PATH: process.env.PATH, ...runtime.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'info', ADMIN_TOKEN: 'production-test-token' },
    });
    app.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    app.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!url && Date.now() < deadline && app.exitCode === null) {
      url = /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1] ?? '';
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (!url) throw new Error(`the app did not start:\n${output}`);
    startMs = performance.now() - started;
  }, 600_000);

  afterAll(async () => {
    if (app && app.exitCode === null) {
      const exited = new Promise((resolve) => app!.once('exit', resolve));
      app.kill('SIGTERM');
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs on production dependencies only, with no TypeScript compiler, no tsx and no training', () => {
    const runtimeDir = join(dir, 'runtime');
    expect(existsSync(join(runtimeDir, 'dist/bot/main.js'))).toBe(true);
    for (const devOnly of ['typescript', 'tsx', 'vitest', 'eslint']) expect(existsSync(join(runtimeDir, 'node_modules', devOnly)), devOnly).toBe(false);
    expect(existsSync(join(runtimeDir, 'data/nlu/motivation.model.json'))).toBe(true);
    expect(output).not.toMatch(/retraining/);
    console.log(`production start to listening: ${Math.round(startMs)} ms`);
  });

  it('answers /healthz and /readyz, and the HEALTHCHECK command passes', async () => {
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', store: 'embedded' });
    await expect.poll(async () => (await fetch(`${url}/readyz`)).status, { timeout: 30_000 }).toBe(200);
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ ready: true, checks: { store: true, widget: true } });
    // The widget and the console are bundled from their sources at start: both must be in the image.
    for (const asset of ['/widget.js', '/console/assets/console.js', '/console/assets/styles.css']) expect((await fetch(`${url}${asset}`)).status, asset).toBe(200);
    const port = new URL(url).port;
    const probe = spawnSync(runtime.healthcheck[0]!, runtime.healthcheck.slice(1), { env: { PATH: process.env.PATH, PORT: port }, encoding: 'utf8' });
    expect(probe.status).toBe(0);
  });

  it('logs JSON lines (not a terminal), and a refused site once however many requests it sends', async () => {
    for (let i = 0; i < 3; i++) expect((await fetch(`${url}/api/web/config`, { headers: { origin: 'https://not-listed.example' } })).status).toBe(403);
    await expect.poll(() => output.split('\n').filter((line) => line.includes('widget refused on')).length, { timeout: 5_000 }).toBe(1);
    const lines = output.trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
    expect(lines.find((line) => line.includes('widget refused on'))).toContain('WIDGET_ALLOWED_ORIGINS');
  });

  it('keeps the Dockerfile to the documented production image: node:20-slim, non-root, health check', async () => {
    const text = await readFile(join(ROOT, 'Dockerfile'), 'utf8');
    expect(text.match(/^FROM node:20-slim/gm)).toHaveLength(2);
    expect(text).toMatch(/^USER node$/m);
    expect(build.runs).toEqual(['npm ci --no-audit --no-fund', 'npm run build', 'npm prune --omit=dev --no-audit --no-fund']);
    expect(runtime.cmd).toEqual(['node', 'dist/bot/main.js']);
  });
});
