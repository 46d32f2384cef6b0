/**
 * `kill -9` at random moments during load, on both stores: visitors keep answering through the
 * restarts (resending an unanswered request with the same activity id), and afterwards every lead
 * the bot acknowledged is stored with every acknowledged answer, once, and every MQL alert was
 * posted to Slack exactly once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { leadAlertKey } from '../../bot/outbox/lead-alert.js';
import { SALES_CHANNEL } from '../e2e-slack/slack-app-env.js';
import { FakeSlackApi } from '../slack/support/fake-slack-api.js';
import { startFerretDb } from '../support/ferretdb-server.js';
import { recordRow } from './fault-table.js';
import { apologies } from './apologies.js';
import { auditLeads } from './lead-audit.js';
import { inPool, personas, seededMoments } from './load.js';
import { ResilientVisitor } from './resilient-visitor.js';
import { RestartingApp } from './restarting-app.js';
import { openTestStore, storesToTest } from './stores.js';

const CONVERSATIONS = 20;
const CONCURRENCY = 6;
const KILLS = 2;
/** A conversation is about 14 requests; the kills land in the first half of the load. */
const KILL_WINDOW = [15, (CONVERSATIONS * 14) / 2] as const;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

describe.each(storesToTest().map((store, i) => [store, i] as const))('kill -9 during load on the %s store', (store, index) => {
  it('loses no acknowledged lead or answer, duplicates none, and posts every MQL alert once', async () => {
    const seed = inject('reliabilitySeed') + index;
    const slack = await FakeSlackApi.start();
    cleanups.push(() => slack.close());
    const ferret = store === 'mongodb' ? await startFerretDb() : undefined;
    if (ferret) cleanups.push(() => ferret.stop());
    const dataDir = await mkdtemp(`/tmp/reliability-kill-${store}-`);
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const app = await RestartingApp.spawn(dataDir, slack.url, ferret ? { LEADQ_TEST_MONGODB_URI: ferret.uri } : {});
    cleanups.push(() => app.stop());

    const moments = seededMoments(seed, KILLS, ...KILL_WINDOW);
    console.info(`[reliability] ${store}: kill -9 after requests ${moments.join(', ')} (seed ${seed})`);
    let requests = 0;
    const kills: Promise<void>[] = [];
    const onReply = () => {
      requests++;
      if (moments.length > 0 && requests >= moments[0]! && !app.isRestarting) {
        moments.shift();
        kills.push(app.killAndRestart());
      }
    };
    // A turn cut short by a kill may be apologised for (and sent again): an apology acknowledges nothing.
    const { isApology } = await apologies();
    const visitors = personas(CONVERSATIONS, `kill-${store}`).map((persona) => new ResilientVisitor(app.url, persona, { onReply, isApology }));
    await inPool(visitors, CONCURRENCY, (visitor) => visitor.converse());
    await Promise.all(kills);

    const url = await app.url();
    const audit = await auditLeads(url, visitors.map((v) => ({ visitorId: v.visitorId, email: v.persona.email, acknowledged: v.acknowledged })));
    // Every qualified lead's alert settles (done) in the outbox; then count what Slack received.
    const qualified = audit.leads.filter((lead) => lead.stage === 'mql');
    const keys = qualified.map((lead) => leadAlertKey(lead._id, 'qualified'));
    const storeView = await openTestStore(dataDir, ferret?.uri);
    cleanups.push(() => storeView.close());
    await expect.poll(async () => (await Promise.all(keys.map((key) => storeView.outbox.get(key)))).map((item) => item?.status), { timeout: 60_000, interval: 250 }).toEqual(keys.map(() => 'done'));
    const posted = slack.channelMessages(SALES_CHANNEL).map((m) => m.metadata?.event_payload.key);
    const alertDuplicates = keys.reduce((sum, key) => sum + Math.max(0, posted.filter((k) => k === key).length - 1), 0);
    const alertsMissing = keys.filter((key) => !posted.includes(key)).length;

    await recordRow(inject('reliabilityRowsDir'), {
      order: 10 + index,
      fault: `kill -9 during load (${store === 'embedded' ? 'embedded SQLite' : 'MongoDB wire: FerretDB'})`,
      injected: `${app.endings.length}× SIGKILL; ${visitors.reduce((n, v) => n + v.resent, 0)} requests resent; ${visitors.reduce((n, v) => n + v.apologies.length, 0)} apologies; ${keys.length} MQL alerts, ${alertsMissing} missing`,
      conversations: visitors.length,
      acknowledged: audit.acknowledged,
      stored: audit.stored,
      lost: audit.lost + alertsMissing,
      duplicated: audit.duplicated + alertDuplicates,
    });
    // The fault happened: each process really died of SIGKILL, mid-load.
    expect(app.endings).toEqual(Array(KILLS).fill('SIGKILL'));
    expect(visitors.every((v) => v.finished)).toBe(true);
    expect(audit.problems).toEqual([]);
    expect(audit.lost).toBe(0);
    expect(audit.duplicated).toBe(0);
    expect(audit.acknowledged).toBe(CONVERSATIONS);
    expect(alertsMissing).toBe(0);
    expect(alertDuplicates).toBe(0);
    expect(keys.length).toBeGreaterThan(0);
  });
});
