/**
 * `npm run bench -- --smoke` runs the end-to-end bench for a few seconds with a few visitors:
 * every conversation completes on every server and the results file has every field. No speed
 * threshold — CI runs on a busy machine.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const PHASE_FIELDS = ['turnsPerSec', 'p50Ms', 'p95Ms', 'p99Ms', 'errors'];

describe('npm run bench -- --smoke', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('drives complete conversations on the bot, the echo floor and the bare route with zero errors and writes every result field', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'leadq-bench-smoke-'));
    const out = path.join(dir, 'results.json');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', '--out', out], { env: { ...process.env, LOG_LEVEL: 'warn' }, timeout: 240_000 });
    expect(stdout).toContain('| qualification, /api/messages |');

    const result = JSON.parse(await readFile(out, 'utf8')) as Record<string, Record<string, unknown>>;
    for (const phase of ['qualification', 'qualificationWeb', 'echo', 'bareRoute', 'latency']) {
      expect(Object.keys(result[phase]!)).toEqual(expect.arrayContaining(PHASE_FIELDS));
      expect(result[phase]!.errors, phase).toBe(0);
      expect(result[phase]!.turnsPerSec, phase).toBeGreaterThan(0);
    }
    expect(result.latency).toMatchObject({ visitors: 8, thinkMs: 50 });
    expect(result.latencyByVisitors).toEqual([result.latency]);
    // Turn by turn: both channels from their first message, each position's p99 at least its p50.
    const byTurn = result.latencyByTurn as unknown as { channel: string; turn: number; turns: number; p50Ms: number; p99Ms: number }[];
    expect(byTurn.filter((t) => t.turn === 1).map((t) => t.channel).sort()).toEqual(['botframework', 'web']);
    for (const t of byTurn) {
      expect(t.turns, `${t.channel} turn ${t.turn}`).toBeGreaterThan(0);
      expect(t.p99Ms, `${t.channel} turn ${t.turn}`).toBeGreaterThanOrEqual(t.p50Ms);
    }
    expect(stdout).toContain('| turn (latency, 8 visitors) | /api/messages p50 / p99 ms | website p50 / p99 ms |');
    for (const field of ['ratioToEcho', 'ratioToBareRoute', 'cpuMsPerTurn', 'stateBytesPerConversation', 'readyMs']) {
      expect(typeof result[field], field).toBe('number');
    }
    expect(result.rssMb).toMatchObject({ idle: expect.any(Number), afterThroughput: expect.any(Number), afterLatency: expect.any(Number) });
    expect(result.options).toMatchObject({ smoke: true, concurrency: 4, visitors: [8] });
  }, 300_000);
});
