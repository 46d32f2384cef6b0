/**
 * The embedded SQLite store at the size of a busy site: BENCH_CONVERSATIONS (default 50,000)
 * whole qualifications with transcripts (support/conversations.ts), loaded by 50 concurrent
 * conversations; when that is fewer than BENCH_LEADS (default 50,000), qualified leads without
 * a conversation make up the difference, so lead queries always run over the full lead count
 * (a busy shared machine may not load 50,000 whole conversations in reasonable time). Then, over that data: acknowledged lead writes/s with 50 concurrent writers,
 * lead list latency per filter (p50/p95), a restart (openStore + first query in a fresh process,
 * and the real server's first /healthz and RSS), and a writer killed with SIGKILL whose every
 * acknowledged write must be there after reopening. Writes bench/results/store.json and store.md.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LeadQuery } from '../core/ports/repository.js';
import { openStore } from '../data/open-store.js';
import { DATABASE_FILE } from '../data/sqlite/sqlite-database.js';
import { buildServer } from './support/build.js';
import { leadEmail, storeConversation, storeLead } from './support/conversations.js';
import { latencySummary, timedRuns } from './support/timing.js';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 50_000);
const LEADS = Math.max(CONVERSATIONS, Number(process.env.BENCH_LEADS ?? 50_000));
const CONCURRENCY = 50;
const WRITES = 20_000;
const LIST_RUNS = 200;
const KILL_AFTER_ACKS = 2000;
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function timed(n: number, concurrency: number, op: (i: number) => Promise<unknown>, progress?: (done: number) => void): Promise<number> {
  let next = 0;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        await op(i);
        if (++done % 5000 === 0) progress?.(done);
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

/** Spawns `node --import tsx <script> args…`; resolves with stdout once it exits 0. */
function runChild(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited with ${code}: ${err}`))));
  });
}

/**
 * The real server on DATA_DIR, built, as `npm start` runs it (not under tsx, whose compiler adds
 * about 50 MB): ms from spawn to the first 200 from /healthz, the store it reports, and its RSS
 * after a few admin list queries.
 */
async function serverReady(dataDir: string): Promise<{ readyMs: number; store: unknown; rssAfterListsMB: number }> {
  const token = 'bench-admin-token';
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'dist/bot/main.js')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ADMIN_TOKEN: token, WATCH_SCRIPTS: 'false', NODE_ENV: 'production' },
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /"url":"(http:\/\/[^"]+)"/.exec(out);
        if (found) resolve(found[1] as string);
      });
      child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
    });
    let health: { store?: unknown } = {};
    for (;;) {
      const res = await fetch(`${url}/healthz`).catch(() => null);
      if (res?.ok) {
        health = (await res.json()) as { store?: unknown };
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const readyMs = performance.now() - started;
    for (const query of ['stage=mql&minScore=50&sort=score', 'channel=slack', '', 'stage=sql&sort=updatedAt']) {
      const res = await fetch(`${url}/api/leads?${query}&limit=50`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`admin list ${query}: HTTP ${res.status}`);
      await res.arrayBuffer();
    }
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return { readyMs: Math.round(readyMs), store: health.store, rssAfterListsMB: Math.round(rssKb / 1024) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

/** A writer killed with SIGKILL mid-load: how many writes it had acknowledged, and how many of those are missing after reopening. */
async function killDuringLoad(dataDir: string): Promise<{ acknowledged: number; missing: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/data/fixtures/write-loop.ts'), dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent' } });
  const acked: number[] = [];
  await new Promise<void>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('ack ')) acked.push(Number(line.slice(4)));
      if (acked.length >= KILL_AFTER_ACKS && child.exitCode === null && !child.killed) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error('writer exited before it was killed'))));
  });
  await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));
  const store = await openStore({ dataDir });
  try {
    let missing = 0;
    for (const n of acked) {
      const lead = await store.leads.findByEmail(`lead${n}@crash.test`);
      if (lead?.name !== `Lead ${n}`) missing++;
    }
    return { acknowledged: acked.length, missing };
  } finally {
    await store.close();
  }
}

export default async function bench(): Promise<object> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'storage-bench-'));
  try {
    const store = await openStore({ dataDir });
    const loadSeconds = await timed(CONVERSATIONS, CONCURRENCY, (i) => storeConversation(store, i), (done) => process.stderr.write(`  loaded ${done} conversations\n`));
    const extraLeads = LEADS - CONVERSATIONS;
    const extraSeconds = await timed(extraLeads, CONCURRENCY, (i) => storeLead(store, CONVERSATIONS + i), (done) => process.stderr.write(`  loaded ${done} more leads\n`));
    global.gc?.();
    const loaderRss = mb(process.memoryUsage().rss);
    const counts = { leads: (await store.leads.list({ limit: 1 })).total, funnel: await store.leads.funnel() };

    const writeSeconds = await timed(WRITES, CONCURRENCY, (i) => store.leads.upsert({ email: leadEmail((i * 7919) % LEADS) }, { score: i % 101, temperature: 'warm' }));

    const shapes: LeadQuery[] = [
      { stage: 'mql', minScore: 50, sort: 'score', limit: 50 },
      { channel: 'slack', limit: 50 },
      { limit: 50 },
      { stage: 'sql', sort: 'updatedAt', limit: 50, skip: 100 },
      { minScore: 90, sort: 'score', limit: 50 },
      { email: leadEmail(4242) },
      { text: 'entreprise 123', limit: 20 },
    ];
    const listMs: Record<string, { p50: number; p95: number; max: number; total: number }> = {};
    for (const query of shapes) {
      const total = (await store.leads.list(query)).total;
      listMs[JSON.stringify(query)] = { ...latencySummary(await timedRuns(query.text ? 20 : LIST_RUNS, () => store.leads.list(query))), total };
    }
    await store.close();
    const databaseMB = mb((await stat(path.join(dataDir, DATABASE_FILE))).size);

    const restart = JSON.parse(await runChild(path.join(here, 'support/reopen.ts'), [dataDir])) as { openMs: number; readyMs: number; leads: number; firstTranscriptEntries: number; rssMB: number };
    buildServer();
    const server = await serverReady(dataDir);
    const emptyDir = await mkdtemp(path.join(os.tmpdir(), 'storage-bench-empty-'));
    const emptyServer = await serverReady(emptyDir).finally(() => rm(emptyDir, { recursive: true, force: true }));
    const sigkill = await killDuringLoad(dataDir);

    const results = {
      conversations: CONVERSATIONS,
      load: { seconds: round(loadSeconds), conversationsPerSec: Math.round(CONVERSATIONS / loadSeconds), concurrency: CONCURRENCY, leadsWithoutConversation: extraLeads, leadsWithoutConversationSeconds: round(extraSeconds), loaderRssMB: loaderRss, ...counts },
      databaseMB,
      leadWrites: { writes: WRITES, concurrentWriters: CONCURRENCY, acknowledgedPerSec: Math.round(WRITES / writeSeconds) },
      listMs,
      restart: { openStoreMs: Math.round(restart.openMs), openAndFirstListMs: Math.round(restart.readyMs), rssMB: Math.round(restart.rssMB), leads: restart.leads, firstTranscriptEntries: restart.firstTranscriptEntries },
      server: { full: server, empty: emptyServer },
      sigkillDuringLoad: sigkill,
      loadAverage: os.loadavg().map((load) => round(load)),
      cpus: os.cpus().length,
      node: process.version,
      at: new Date().toISOString(),
    };
    await writeFile(path.join(here, 'results', 'store.json'), JSON.stringify(results, null, 2) + '\n');
    await writeFile(path.join(here, 'results', 'store.md'), summary(results));
    return results;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

function summary(r: {
  conversations: number;
  load: { seconds: number; conversationsPerSec: number; loaderRssMB: number; leads: number; leadsWithoutConversation: number };
  databaseMB: number;
  leadWrites: { acknowledgedPerSec: number; concurrentWriters: number };
  listMs: Record<string, { p50: number; p95: number; total: number }>;
  restart: { openStoreMs: number; openAndFirstListMs: number; rssMB: number };
  server: { full: { readyMs: number; rssAfterListsMB: number; store: unknown }; empty: { readyMs: number; rssAfterListsMB: number } };
  sigkillDuringLoad: { acknowledged: number; missing: number };
  loadAverage: number[];
  at: string;
}): string {
  const lists = Object.entries(r.listMs).map(([query, t]) => `| \`${query}\` | ${t.total} | ${t.p50} | ${t.p95} |`);
  return [
    '# Store benchmark (embedded SQLite)',
    '',
    `\`npm run bench:store\` — ${r.conversations.toLocaleString('en')} stored qualifications with transcripts${r.load.leadsWithoutConversation ? ` plus ${r.load.leadsWithoutConversation.toLocaleString('en')} qualified leads without one (${r.load.leads.toLocaleString('en')} leads)` : ''}, ${r.at}, load average ${r.loadAverage.join(' / ')} on 2 cores.`,
    '',
    '| what | target | measured |',
    '| --- | --- | --- |',
    `| load (50 concurrent conversations) | — | ${r.load.seconds} s, ${r.load.conversationsPerSec} conversations/s, database ${r.databaseMB} MB |`,
    `| RSS after load (loading process) | ≤ 250 MB | ${r.load.loaderRssMB} MB |`,
    `| RSS of the restarted server (built, \`node dist/bot/main.js\`) after admin lists | ≤ 250 MB | ${r.server.full.rssAfterListsMB} MB (empty database: ${r.server.empty.rssAfterListsMB} MB) |`,
    `| ready after restart: openStore + first lead list | ≤ 2 s | ${r.restart.openAndFirstListMs} ms (openStore ${r.restart.openStoreMs} ms) |`,
    `| real server (built): spawn → first /healthz 200 (\`store: ${String(r.server.full.store)}\`) | — | ${r.server.full.readyMs} ms (empty database: ${r.server.empty.readyMs} ms; the difference is the store) |`,
    `| acknowledged lead writes/s, ${r.leadWrites.concurrentWriters} concurrent writers | ≥ 2,000 | ${r.leadWrites.acknowledgedPerSec} |`,
    `| SIGKILL during load: acknowledged writes missing after reopening | 0 | ${r.sigkillDuringLoad.missing} of ${r.sigkillDuringLoad.acknowledged} |`,
    '',
    'Lead list over all leads (ms; the p95 target is ≤ 20 ms for a filtered list):',
    '',
    '| query | matches | p50 | p95 |',
    '| --- | --- | --- | --- |',
    ...lists,
    '',
  ].join('\n');
}
