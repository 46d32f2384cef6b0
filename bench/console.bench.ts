/**
 * The console with 50,000 leads (and a conversation transcript for each) in the embedded store:
 * server time of the admin routes the pages call, and in Chromium the time from navigation until
 * each page shows its data (interactive), budget 1 s. Also the console's script and styles,
 * gzipped (budget 150 kB). Writes bench/results/console.json.
 *
 * BENCH_CONSOLE_STORE=ferretdb: the same on FerretDB 1.24 (tools/ferretdb; it scans for every
 * filter but `_id`, so BENCH_CONSOLE_LEADS defaults to 1,000 there), into console-ferretdb.json.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildConsoleBundle } from '../adapters/console/console-bundle.js';
import type { TranscriptEntry } from '../core/ports/repository.js';
import { openStore } from '../data/open-store.js';
import { ADMIN_TOKEN, startApp } from '../test/support/app-harness.js';
import { launchBrowser } from '../test/web/browser-harness.js';
import { startFerretDb, type FerretDbServer } from '../test/support/ferretdb-server.js';

/** BENCH_CONSOLE_LEADS: fewer leads for a quick run (the budget is stated for 50,000). */
const ON_FERRETDB = process.env.BENCH_CONSOLE_STORE === 'ferretdb';
const LEADS = Number(process.env.BENCH_CONSOLE_LEADS ?? (ON_FERRETDB ? 1_000 : 50_000));
const CONCURRENCY = 32;
const PAGE_BUDGET_MS = 1000;
const BUNDLE_BUDGET_GZIP_BYTES = 150 * 1024;
const STAGES = ['visitor', 'mcl', 'mql', 'sql', 'rejected'] as const;
/** Each conversation: the consent question and, for some visitors, the next ones (they leave at different steps). */
const SLOTS = ['consent', 'name', 'email'];
const WAIT_MS = 120_000;

async function inParallel(n: number, op: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let i = next++; i < n; i = next++) await op(i);
  }));
}

function summary(values: number[]): { median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: Math.round(sorted[sorted.length >> 1]! * 10) / 10, max: Math.round(sorted.at(-1)! * 10) / 10 };
}

/** The MongoDB-wire server of a FerretDB run. */
interface Mongo {
  uri: string;
  dbName: string;
}

interface Filled {
  sampleId: string;
  sampleEmail: string;
  fillSec: number;
  transcriptLines: number;
  /** Write rates of the fill, leads then transcripts (CONCURRENCY writers), each acknowledged by the store. */
  leadUpsertsPerSec: number;
  transcriptLinesPerSec: number;
}

async function fill(dataDir: string, mongo: Mongo | undefined): Promise<Filled> {
  let transcriptLines = 0;
  const started = performance.now();
  const store = await openStore({ dataDir, ...(mongo && { mongodbUri: mongo.uri, dbName: mongo.dbName }) });
  try {
    await inParallel(LEADS, async (i) => {
      const visitorId = `emulator:bench-${i}`;
      const stage = STAGES[i % STAGES.length]!;
      return store.leads.upsert({ visitorId, email: `lead${i}@bench${i % 500}.test` }, {
        name: `Lead ${i}`, company: `Company ${i % 300}`, score: i % 101, temperature: i % 3 === 0 ? 'hot' : i % 3 === 1 ? 'warm' : 'cold', channel: i % 4 ? 'web' : 'slack',
        segment: { country: i % 2 ? 'FR' : 'GB', sector: ['retail', 'industry', 'software'][i % 3]!, companySize: '10-49' },
        scoreBreakdown: [{ rule: 'timeline', points: 25, reason: 'Timeline: within 1–3 months (+25)' }],
      }, stage === 'visitor' ? undefined : { to: stage });
    });
    const leadsSec = (performance.now() - started) / 1000;
    const linesStarted = performance.now();
    await inParallel(LEADS, async (i) => {
      const visitorId = `emulator:bench-${i}`;
      const at = new Date();
      const answered = i % SLOTS.length;
      for (const [k, slot] of SLOTS.slice(0, answered + 1).entries()) {
        const lines: TranscriptEntry[] = [{ conversationId: `c-${i}`, from: 'bot', text: `question ${slot}`, slot, at: new Date(at.getTime() + k * 2) }];
        if (k < answered || i % 2) lines.push({ conversationId: `c-${i}`, from: 'user', text: `answer ${k}`, visitorId, at: new Date(at.getTime() + k * 2 + 1) });
        await Promise.all(lines.map((line) => store.transcripts.append(line)));
        transcriptLines += lines.length;
      }
    });
    const linesSec = (performance.now() - linesStarted) / 1000;
    const sample = (await store.leads.findByEmail(`lead${Math.min(1234, LEADS - 1)}@bench${Math.min(1234, LEADS - 1) % 500}.test`))!;
    return {
      sampleId: sample._id,
      sampleEmail: sample.email!,
      fillSec: Math.round((performance.now() - started) / 100) / 10,
      transcriptLines,
      leadUpsertsPerSec: Math.round(LEADS / leadsSec),
      transcriptLinesPerSec: Math.round(transcriptLines / linesSec),
    };
  } finally {
    await store.close();
  }
}

export default async function consoleBench(): Promise<object> {
  const bundle = await buildConsoleBundle();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-bench-console-'));
  const ferretdb: FerretDbServer | undefined = ON_FERRETDB ? await startFerretDb() : undefined;
  const mongo = ferretdb && { uri: ferretdb.uri, dbName: 'leadq_bench_console' };
  try {
    const { sampleId, sampleEmail, fillSec, transcriptLines, leadUpsertsPerSec, transcriptLinesPerSec } = await fill(dataDir, mongo);
    const openStarted = performance.now();
    const running = await startApp({ dataDir, ...(mongo && { env: { MONGODB_URI: mongo.uri, MONGODB_DB: mongo.dbName } }) });
    const openSec = Math.round((performance.now() - openStarted) / 100) / 10;
    try {
      const routes = {
        leadsFirstPage: '/api/leads?limit=50',
        leadsFiltered: '/api/leads?stage=mql&temperature=hot&minScore=40&country=FR&sort=score&limit=50',
        leadsTextSearch: `/api/leads?q=${encodeURIComponent(sampleEmail)}&limit=50`,
        lead: `/api/leads/${sampleId}`,
        leadTranscript: `/api/leads/${sampleId}/transcript`,
        funnelByDay: '/api/funnel?groupBy=day',
        funnelByChannel: '/api/funnel?groupBy=channel',
        dropoff: '/api/dialogs/dropoff',
      };
      const serverMs: Record<string, { median: number; max: number }> = {};
      for (const [name, route] of Object.entries(routes)) {
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
          const t = performance.now();
          const res = await running.admin(route);
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${route} → ${res.status}`);
          times.push(performance.now() - t);
        }
        serverMs[name] = summary(times);
      }

      const browser = await launchBrowser();
      const pagesMs: Record<string, { median: number; max: number; withinBudget: boolean }> = {};
      try {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        await page.goto(`${running.url}/console`);
        await page.locator('#sign-in-password').fill(ADMIN_TOKEN);
        await page.locator('#sign-in-password').press('Enter');
        await page.locator('table.leads').waitFor({ timeout: WAIT_MS });
        const pages: [string, string, string][] = [
          ['leads', '/console/leads', 'table.leads tbody tr'],
          ['leadsFiltered', '/console/leads?stage=mql&temperature=hot&sort=score', 'table.leads tbody tr'],
          ['lead', `/console/leads/${sampleId}`, 'table.breakdown'],
          ['funnel', '/console/funnel', '#funnel-chart canvas'],
          ['dialogs', '/console/dialogs', '#dropoff-table tbody tr'],
        ];
        for (const [name, url, ready] of pages) {
          const times: number[] = [];
          for (let i = 0; i < 5; i++) {
            const t = performance.now();
            await page.goto(`${running.url}${url}`);
            await page.locator(ready).first().waitFor({ timeout: WAIT_MS });
            times.push(performance.now() - t);
          }
          const s = summary(times);
          pagesMs[name] = { ...s, withinBudget: s.median <= PAGE_BUDGET_MS };
        }
        await context.close();
      } finally {
        await browser.close();
      }

      const gzip = bundle.js.gzip.length + bundle.css.gzip.length;
      const result = {
        store: ON_FERRETDB ? 'ferretdb-1.24' : 'embedded (SQLite)',
        leads: LEADS,
        transcriptLines,
        fillSec,
        leadUpsertsPerSec,
        transcriptLinesPerSec,
        storeOpenSec: openSec,
        bundle: { jsBytes: bundle.js.body.length, cssBytes: bundle.css.body.length, jsGzipBytes: bundle.js.gzip.length, cssGzipBytes: bundle.css.gzip.length, totalGzipBytes: gzip, budgetGzipBytes: BUNDLE_BUDGET_GZIP_BYTES, withinBudget: gzip <= BUNDLE_BUDGET_GZIP_BYTES },
        serverMs,
        pageInteractiveMs: pagesMs,
        pageBudgetMs: PAGE_BUDGET_MS,
        loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
        measuredAt: new Date().toISOString(),
        node: process.version,
      };
      await writeFile(new URL(ON_FERRETDB ? './results/console-ferretdb.json' : './results/console.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
      return result;
    } finally {
      await running.stop();
    }
  } finally {
    await ferretdb?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
