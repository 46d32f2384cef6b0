/**
 * The store on a MongoDB-wire server: FerretDB 1.24 (SQLite backend, tools/ferretdb), or the
 * server in MONGODB_URI. Same workload as the embedded store's bench, at BENCH_LEADS leads
 * (default 10,000): lead upserts/s with 50 concurrent writers (each acknowledged by the server),
 * then BENCH_LEADS/5 updates of existing leads, BENCH_LEADS reads, and the admin list queries'
 * p50/p95. Writes bench/results/store-mongodb.json.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import type { LeadQuery } from '../core/ports/repository.js';
import { openStore } from '../data/open-store.js';
import { ferretDbBuilt, FERRETDB_BINARY, startFerretDb, type FerretDbServer } from '../test/support/ferretdb-server.js';
import { latencySummary, timedRuns } from './support/timing.js';

const LEADS = Number(process.env.BENCH_LEADS ?? 10_000);
const CONCURRENCY = 50;
const UPDATES = Math.ceil(LEADS / 5);
const READS = LEADS;
const LIST_RUNS = 30;
const STAGES = ['visitor', 'mcl', 'mql'] as const;

async function perSecond(n: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < n; i = next++) await op(i);
  }));
  return Math.round(n / ((performance.now() - started) / 1000));
}

export default async function bench(): Promise<object> {
  const given = process.env.MONGODB_URI;
  if (!given && !ferretDbBuilt()) return { skipped: `no FerretDB binary at ${FERRETDB_BINARY} (run tools/ferretdb/build.sh) and no MONGODB_URI` };
  const server: FerretDbServer | undefined = given ? undefined : await startFerretDb();
  const uri = given ?? server!.uri;
  const dbName = `leadq_bench_${randomBytes(4).toString('hex')}`;
  const store = await openStore({ mongodbUri: uri, dbName, dataDir: os.tmpdir() });
  try {
    const client = await MongoClient.connect(uri);
    const buildInfo = await client.db('admin').command({ buildInfo: 1 });
    await client.close();

    const upsertsPerSec = await perSecond(LEADS, CONCURRENCY, (i) =>
      store.leads.upsert({ visitorId: `web:${i}`, email: `lead${i}@bench.test` }, { name: `Lead ${i}`, company: `Company ${i % 300}`, score: i % 101, channel: i % 3 ? 'web' : 'slack' }, { to: STAGES[i % 3] ?? 'visitor' }),
    );
    const updatesPerSec = await perSecond(UPDATES, CONCURRENCY, (i) => store.leads.upsert({ email: `lead${(i * 7919) % LEADS}@bench.test` }, { score: (i * 7) % 101 }));
    const ids = (await store.leads.list({ limit: 1000 })).items.map((lead) => lead._id);
    const readsPerSec = await perSecond(READS, CONCURRENCY, (i) => (i % 2 ? store.leads.get(ids[i % ids.length]!) : store.leads.findByEmail(`lead${i % LEADS}@bench.test`)));
    const shapes: LeadQuery[] = [{ stage: 'mql', minScore: 50, sort: 'score', limit: 50 }, { channel: 'slack', skip: 100, limit: 50 }, { text: 'company 12', limit: 20 }, { limit: 50 }, { email: 'lead5000@bench.test' }];
    const listMs: Record<string, { p50: number; p95: number }> = {};
    for (const query of shapes) listMs[JSON.stringify(query)] = latencySummary(await timedRuns(LIST_RUNS, () => store.leads.list(query)));

    const results = {
      server: 'ferretdbVersion' in buildInfo ? `FerretDB 1.24.2 (SQLite backend), wire version ${buildInfo.version}` : `MongoDB ${buildInfo.version}`,
      leads: (await store.leads.list({ limit: 1 })).total,
      upsertsPerSec: { newLeads: upsertsPerSec, updates: updatesPerSec, concurrency: CONCURRENCY },
      readsPerSec,
      listMs,
      loadAverage: os.loadavg().map((load) => Math.round(load * 10) / 10),
      node: process.version,
      at: new Date().toISOString(),
    };
    const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'store-mongodb.json');
    await writeFile(out, JSON.stringify(results, null, 2) + '\n');
    return results;
  } finally {
    await store.close();
    await server?.stop();
  }
}
