/**
 * `npm run bench`: the real server against its own floors, end to end (see bench/README.md).
 * Throughput (no pause) on the qualification bot, an echo bot on the same adapter and a bare
 * restify route, then latency with many visitors who think between messages.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { stringify, parse } from 'yaml';
import { buildServer, REPO_ROOT } from '../support/build.js';
import { runPhase, type PhaseOutcome, type TurnLatency } from './load.js';
import { startServer, type ServerProcess } from './server-process.js';
import type { ServerKind } from './protocol.js';
import type { PhaseResult } from './stats.js';

export interface EndToEndOptions {
  concurrency: number;
  /** One latency phase per count, one after the other on the same server (the first is `latency`). */
  visitors: number[];
  thinkMs: number;
  durationSec: number;
  latencyDurationSec: number;
  profile: boolean;
  smoke: boolean;
  out: string;
}


export function parseOptions(argv: string[]): EndToEndOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      concurrency: { type: 'string', default: '50' },
      visitors: { type: 'string', default: '500,1000,2000' },
      'think-ms': { type: 'string', default: '1000' },
      duration: { type: 'string', default: '20' },
      'latency-duration': { type: 'string' },
      profile: { type: 'boolean', default: false },
      smoke: { type: 'boolean', default: false },
      out: { type: 'string', default: path.join(REPO_ROOT, 'bench/results.json') },
    },
    strict: true,
  });
  const number = (name: string, raw: string): number => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number, got "${raw}"`);
    return value;
  };
  if (values.smoke) {
    // A few visitors for a few seconds: proves the conversations complete, measures nothing.
    return { concurrency: 4, visitors: [8], thinkMs: 50, durationSec: 2, latencyDurationSec: 3, profile: values.profile, smoke: true, out: values.out };
  }
  const durationSec = number('duration', values.duration);
  return {
    concurrency: Math.max(1, number('concurrency', values.concurrency)),
    visitors: values.visitors.split(',').map((count) => Math.max(1, number('visitors', count.trim()))),
    thinkMs: number('think-ms', values['think-ms']),
    durationSec,
    // A latency visitor's conversation lasts ~14 think times: give it room to finish several.
    latencyDurationSec: values['latency-duration'] ? number('latency-duration', values['latency-duration']) : Math.max(durationSec, 30),
    profile: values.profile,
    smoke: false,
    out: values.out,
  };
}

const pick = ({ turnsPerSec, p50Ms, p95Ms, p99Ms, errors }: PhaseResult): PhaseResult => ({ turnsPerSec, p50Ms, p95Ms, p99Ms, errors });

async function withServer<T>(kind: ServerKind, options: EndToEndOptions, run: (server: ServerProcess, dataDir: string) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `leadq-bench-${kind}-`));
  // Every simulated visitor comes from 127.0.0.1: lift the per-IP and per-visitor budgets.
  const widget = parse(await readFile(path.join(REPO_ROOT, 'config/widget.yaml'), 'utf8')) as Record<string, unknown>;
  widget.rateLimits = { visitor: { points: 1_000_000, durationSec: 1 }, ip: { points: 1_000_000, durationSec: 1 } };
  await writeFile(path.join(dataDir, 'widget.yaml'), stringify(widget));
  const cpuProfileDir = options.profile ? path.join(REPO_ROOT, 'bench/results/profiles') : undefined;
  if (cpuProfileDir) await mkdir(cpuProfileDir, { recursive: true });
  const server = await startServer(kind, dataDir, cpuProfileDir ? { cpuProfileDir } : {});
  try {
    return await run(server, dataDir);
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function describe(label: string, outcome: PhaseOutcome): void {
  const failure = outcome.firstError ? ` — first error: ${outcome.firstError}` : '';
  console.error(`  ${label}: ${outcome.turns} turns, ${outcome.conversations} conversations in ${outcome.seconds} s, ${outcome.errors} errors${failure}`);
}

async function throughput(kind: ServerKind, options: EndToEndOptions, channel: 'botframework' | 'web' = 'botframework'): Promise<PhaseOutcome> {
  return withServer(kind, options, async (server) => {
    // Warm-up conversations (JIT, caches) before timing.
    await runPhase({ url: server.url, visitors: 2, durationMs: 1, thinkMs: 0, channel: () => channel, scripted: kind !== 'qualification' });
    const outcome = await runPhase({ url: server.url, visitors: options.concurrency, durationMs: options.durationSec * 1000, thinkMs: 0, channel: () => channel, scripted: kind !== 'qualification' });
    describe(`${kind} (${channel})`, outcome);
    return outcome;
  });
}

export async function runEndToEnd(options: EndToEndOptions): Promise<object> {
  const load = os.loadavg().map((n) => Math.round(n * 100) / 100);
  console.error(`bench: throughput ${options.durationSec} s × ${options.concurrency} visitors, latency ${options.latencyDurationSec} s × ${options.visitors.join(', ')} visitors (think ${options.thinkMs} ms); load average ${load.join(' ')}`);

  buildServer();
  // The qualification server is measured on its own (RSS, CPU, state size) in one process.
  const qualification = await withServer('qualification', options, async (server) => {
    const idle = await server.stats();
    await runPhase({ url: server.url, visitors: 2, durationMs: 1, thinkMs: 0, channel: (i) => (i % 2 ? 'web' : 'botframework'), scripted: false });
    const before = await server.stats();
    const bf = await runPhase({ url: server.url, visitors: options.concurrency, durationMs: options.durationSec * 1000, thinkMs: 0, channel: () => 'botframework', scripted: false });
    const after = await server.stats();
    describe('qualification (botframework)', bf);
    const web = await runPhase({ url: server.url, visitors: options.concurrency, durationMs: options.durationSec * 1000, thinkMs: 0, channel: () => 'web', scripted: false });
    describe('qualification (web)', web);
    const afterThroughput = await server.stats();
    const rssSamples: number[] = [];
    const latency: (PhaseOutcome & { visitors: number })[] = [];
    for (const visitors of options.visitors) {
      const outcome = await runPhase({
        url: server.url,
        visitors,
        durationMs: options.latencyDurationSec * 1000,
        thinkMs: options.thinkMs,
        channel: (i) => (i % 2 ? 'web' : 'botframework'),
        scripted: false,
        onTick: async () => void rssSamples.push((await server.stats()).rssMb),
      });
      describe(`latency (${visitors} visitors, both channels)`, outcome);
      latency.push({ ...outcome, visitors });
    }
    const afterLatency = await server.stats();
    const stateBytes = await server.stateBytes(bf.stateKeys);
    return {
      bf,
      web,
      latency,
      readyMs: server.readyMs,
      rssMb: { idle: idle.rssMb, afterThroughput: afterThroughput.rssMb, afterLatency: afterLatency.rssMb, duringLatency: rssSamples },
      cpuMsPerTurn: Math.round(((after.cpuMs - before.cpuMs) / Math.max(bf.turns, 1)) * 100) / 100,
      stateBytesPerConversation: Math.round(stateBytes / Math.max(bf.stateKeys.length, 1)),
    };
  });
  const echo = await throughput('echo', options);
  const bareRoute = await throughput('bare', options);

  const result = {
    qualification: pick(qualification.bf),
    qualificationWeb: pick(qualification.web),
    echo: pick(echo),
    bareRoute: pick(bareRoute),
    latency: { visitors: qualification.latency[0]!.visitors, thinkMs: options.thinkMs, ...pick(qualification.latency[0]!) },
    latencyByVisitors: qualification.latency.map((phase) => ({ visitors: phase.visitors, thinkMs: options.thinkMs, ...pick(phase) })),
    latencyByTurn: qualification.latency[0]!.byTurn,
    ratioToEcho: Math.round((qualification.bf.turnsPerSec / Math.max(echo.turnsPerSec, 1)) * 100) / 100,
    ratioToBareRoute: Math.round((qualification.bf.turnsPerSec / Math.max(bareRoute.turnsPerSec, 1)) * 100) / 100,
    rssMb: qualification.rssMb,
    cpuMsPerTurn: qualification.cpuMsPerTurn,
    stateBytesPerConversation: qualification.stateBytesPerConversation,
    readyMs: qualification.readyMs,
    options: { concurrency: options.concurrency, visitors: options.visitors, thinkMs: options.thinkMs, durationSec: options.durationSec, latencyDurationSec: options.latencyDurationSec, profile: options.profile, smoke: options.smoke },
    machine: { cpus: os.cpus().length, loadAverageAtStart: load, loadAverageAtEnd: os.loadavg().map((n) => Math.round(n * 100) / 100), node: process.version },
    at: new Date().toISOString(),
  };
  await writeFile(options.out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(table(result));
  console.log(`\n${turnTable(result.latency.visitors, result.latencyByTurn)}`);
  return result;
}

/** The first latency phase, turn by turn: p50 / p99 per channel. */
function turnTable(visitors: number, byTurn: readonly TurnLatency[]): string {
  const turns = [...new Set(byTurn.map((t) => t.turn))].sort((a, b) => a - b);
  const cell = (channel: TurnLatency['channel'], turn: number): string => {
    const t = byTurn.find((entry) => entry.channel === channel && entry.turn === turn);
    return t ? `${t.p50Ms} / ${t.p99Ms}` : '—';
  };
  return [
    `| turn (latency, ${visitors} visitors) | /api/messages p50 / p99 ms | website p50 / p99 ms |`,
    '|---|---|---|',
    ...turns.map((turn) => `| ${turn} | ${cell('botframework', turn)} | ${cell('web', turn)} |`),
  ].join('\n');
}

function table(r: { qualification: PhaseResult; qualificationWeb: PhaseResult; echo: PhaseResult; bareRoute: PhaseResult; latencyByVisitors: (PhaseResult & { visitors: number })[] }): string {
  const row = (name: string, p: PhaseResult): string => `| ${name} | ${p.turnsPerSec} | ${p.p50Ms} | ${p.p95Ms} | ${p.p99Ms} | ${p.errors} |`;
  return [
    '| phase | turns/s | p50 ms | p95 ms | p99 ms | errors |',
    '|---|---|---|---|---|---|',
    row('qualification, /api/messages', r.qualification),
    row('qualification, website channel', r.qualificationWeb),
    row('echo bot (CloudAdapter)', r.echo),
    row('bare restify route', r.bareRoute),
    ...r.latencyByVisitors.map((phase) => row(`latency, ${phase.visitors} visitors`, phase)),
  ].join('\n');
}
