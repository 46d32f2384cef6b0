/**
 * The store failing mid-load, on both stores: the embedded store's disk full (a real tmpfs filled
 * to the last byte), MongoDB stopped (the FerretDB process killed, then started again on the same
 * port and data). While it lasts, a visitor whose turn fails is asked politely, in their language
 * (the scripts' `error.unavailable` text), to send the answer again, and `/healthz` says
 * degraded; once the store is back the server carries on by itself, and nothing acknowledged is
 * lost or duplicated.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startApp } from '../support/app-harness.js';
import { startFerretDb, type FerretDbServer } from '../support/ferretdb-server.js';
import { databaseFor } from '../support/test-store.js';
import { apologies } from './apologies.js';
import { recordRow } from './fault-table.js';
import { FullDisk } from './full-disk.js';
import { auditLeads } from './lead-audit.js';
import { inPool, personas, seededMoments } from './load.js';
import { ResilientVisitor } from './resilient-visitor.js';
import { storesToTest, type StoreKind } from './stores.js';

const CONVERSATIONS = 20;
const CONCURRENCY = 6;
/** Early in the load, so that many writes follow the fault (on a full disk SQLite fails once its WAL must grow). */
const OUTAGE_WINDOW = [15, 60] as const;
const DISK_MB = 48;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** The polite retry, as the default scripts word it. */
interface Outage {
  label: string;
  injected: string;
  begin(): Promise<void>;
  end(): Promise<void>;
}

async function healthz(url: string): Promise<{ status: number; body: { status?: string } }> {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: (await res.json()) as { status?: string } };
}

describe.each(storesToTest().map((store, i) => [store, i] as const))('the %s store failing mid-load', (store: StoreKind, index) => {
  it('asks the visitor to retry in their language, says degraded, recovers alone, loses and duplicates nothing', async (ctx) => {
    const seed = inject('reliabilitySeed') + 100 + index;
    let outage: Outage;
    let dataDir: string;
    let env: Record<string, string> = {};
    if (store === 'embedded') {
      const disk = await FullDisk.mount(DISK_MB);
      if (typeof disk === 'string') {
        console.warn(`[reliability] embedded store, disk full: skipped — ${disk}`);
        return ctx.skip(disk);
      }
      cleanups.push(() => disk.unmount());
      dataDir = path.join(disk.dir, 'data');
      let filled = 0;
      outage = {
        label: `disk full (embedded SQLite on a ${DISK_MB} MB tmpfs)`,
        get injected() {
          return `filler file took the last ${(filled / 2 ** 20).toFixed(1)} MB`;
        },
        begin: async () => {
          filled = await disk.fill();
        },
        end: () => disk.free(),
      };
    } else {
      const ferret: FerretDbServer = await startFerretDb();
      cleanups.push(() => ferret.stop());
      dataDir = await mkdtemp('/tmp/reliability-outage-');
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      env = { MONGODB_URI: ferret.uri, MONGODB_DB: databaseFor(dataDir) };
      outage = { label: 'MongoDB stopped (FerretDB killed, restarted)', injected: 'FerretDB SIGKILL, restarted on the same port', begin: () => ferret.halt('SIGKILL'), end: () => ferret.restart() };
    }
    const running = await startApp({ dataDir, env });
    cleanups.push(() => running.stop());
    const expected = await apologies();

    const [moment] = seededMoments(seed, 1, ...OUTAGE_WINDOW);
    console.info(`[reliability] ${store}: store fails after request ${moment} (seed ${seed})`);
    let requests = 0;
    let began: () => void;
    const outageBegan = new Promise<void>((resolve) => (began = resolve));
    const onReply = () => {
      if (++requests === moment) began();
    };
    const visitors = personas(CONVERSATIONS, `outage-${store}`).map((persona) => new ResilientVisitor(async () => running.url, persona, { onReply, isApology: expected.isApology }));
    const load = inPool(visitors, CONCURRENCY, (visitor) => visitor.converse());

    const apologised = (locale: 'fr' | 'en') => visitors.some((v) => v.persona.locale.startsWith(locale) && v.apologies.length > 0);
    await outageBegan;
    await outage.begin();
    // While the store is down: /healthz degraded, and visitors of both languages were asked to retry.
    await expect.poll(async () => (await healthz(running.url)).body.status, { timeout: 30_000, interval: 250 }).toBe('degraded');
    expect((await healthz(running.url)).status).toBe(503);
    await expect.poll(() => apologised('fr') && apologised('en'), { timeout: 60_000, interval: 250 }).toBe(true);
    await outage.end();
    // Nobody restarts anything: the server finds its store again.
    await expect.poll(async () => (await healthz(running.url)).status, { timeout: 30_000, interval: 250 }).toBe(200);
    await load;

    const audit = await auditLeads(running.url, visitors.map((v) => ({ visitorId: v.visitorId, email: v.persona.email, acknowledged: v.acknowledged })));
    const apologyCount = visitors.reduce((n, v) => n + v.apologies.length, 0);
    await recordRow(inject('reliabilityRowsDir'), {
      order: 30 + index,
      fault: outage.label,
      injected: `${outage.injected}; /healthz degraded; ${apologyCount} polite retries (FR and EN)`,
      conversations: visitors.length,
      acknowledged: audit.acknowledged,
      stored: audit.stored,
      lost: audit.lost,
      duplicated: audit.duplicated,
    });
    for (const visitor of visitors) {
      const mine = visitor.persona.locale.startsWith('fr') ? expected.fr : expected.en;
      expect(visitor.apologies.every((text) => text === mine)).toBe(true);
    }
    expect(visitors.every((v) => v.finished)).toBe(true);
    expect(audit.problems).toEqual([]);
    expect(audit.lost).toBe(0);
    expect(audit.duplicated).toBe(0);
    expect(audit.acknowledged).toBe(CONVERSATIONS);
  });
});
