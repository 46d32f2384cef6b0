/**
 * Embedded store: lead upserts/s, reads/s and list queries/s over 10k leads (plus the median of
 * each query shape), memory after the load, and the open (replay) time. Writes
 * bench/results/store.json; the load average says how busy the machine was.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LeadQuery } from '../core/ports/repository.js';
import type { Store } from '../core/ports/store.js';
import { openStore } from '../data/open-store.js';

const LEADS = 10_000;
const CONCURRENCY = 32;
const READS = 20_000;
const LISTS = 200;
const STAGES = ['visitor', 'mcl', 'mql'] as const;

async function timed(n: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < n; i = next++) await op(i);
  }));
  return Math.round(n / ((performance.now() - started) / 1000));
}

async function medianMs(runs: number, op: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await op();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[runs >> 1] as number) * 100) / 100;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export default async function bench(): Promise<object> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-bench-'));
  let store: Store | null = await openStore({ dataDir });
  try {
    const s = store;
    const upsertsPerSec = await timed(LEADS, CONCURRENCY, (i) =>
      s.leads.upsert({ visitorId: `web:${i}`, email: `lead${i}@bench.test` }, { name: `Lead ${i}`, company: `Company ${i % 300}`, score: i % 101, channel: i % 3 ? 'web' : 'slack' }, { to: STAGES[i % 3] ?? 'visitor' }),
    );
    const sequentialUpsertsPerSec = await timed(500, 1, (i) => s.leads.upsert({ email: `lead${i}@bench.test` }, { score: (i * 7) % 101 }));
    const ids = (await s.leads.list({ limit: 1000 })).items.map((lead) => lead._id);
    const readsPerSec = await timed(READS, CONCURRENCY, (i) => (i % 2 ? s.leads.get(ids[i % ids.length] as string) : s.leads.findByEmail(`lead${i % LEADS}@bench.test`)));
    const queries: LeadQuery[] = [{ stage: 'mql', minScore: 50, sort: 'score', limit: 50 }, { channel: 'slack', skip: 100, limit: 50 }, { text: 'company 12', limit: 20 }];
    const listsPerSec = await timed(LISTS, 4, (i) => s.leads.list(queries[i % queries.length] as LeadQuery));
    // Per query shape (the mix above plus the admin API's default page and an e-mail lookup): median ms over 30 runs.
    const shapes: LeadQuery[] = [...queries, { limit: 50 }, { email: 'lead5000@bench.test' }];
    const listMedianMs: Record<string, number> = {};
    for (const query of shapes) listMedianMs[JSON.stringify(query)] = await medianMs(30, () => s.leads.list(query));
    global.gc?.();
    const memory = process.memoryUsage();
    await s.close();
    store = null;

    const openStarted = performance.now();
    store = await openStore({ dataDir });
    const openMs = Math.round(performance.now() - openStarted);
    const total = (await store.leads.list({ limit: 1 })).total;

    const results = {
      leads: total,
      upsertsPerSec: { concurrent: upsertsPerSec, concurrency: CONCURRENCY, sequential: sequentialUpsertsPerSec },
      readsPerSec,
      listQueriesPerSec: listsPerSec,
      listMedianMs,
      memoryAfterLoadMB: { rss: mb(memory.rss), heapUsed: mb(memory.heapUsed) },
      openReplayMs: openMs,
      loadAverage: os.loadavg().map((load) => Math.round(load * 10) / 10),
      node: process.version,
      at: new Date().toISOString(),
    };
    const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'store.json');
    await writeFile(out, JSON.stringify(results, null, 2) + '\n');
    return results;
  } finally {
    await store?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
