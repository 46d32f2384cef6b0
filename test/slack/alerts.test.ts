import { afterEach, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { ALERT_DELIVERY_TOPICS, alertDeliveryHandler } from '../../adapters/slack/alert-delivery.js';
import { RepRouter } from '../../adapters/slack/routing.js';
import { LeadAlertReconciler } from '../../bot/outbox/lead-alert-reconciler.js';
import { enqueueLeadAlert, LEAD_ALERT_TOPIC, leadAlertKey } from '../../bot/outbox/lead-alert.js';
import { OutboxWorker } from '../../bot/outbox/worker.js';
import { FAKE_BOT_TOKEN, FakeSlackApi, type FakeMessage } from './support/fake-slack-api.js';
import { PUBLIC_URL, SALES_CHANNEL, slackConfig, startHarness, type Harness } from './support/harness.js';
import { openTestStore, seedLead } from './support/test-store.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness(options?: Parameters<typeof startHarness>[0]): Promise<Harness> {
  const h = await startHarness(options);
  cleanups.push(() => h.close());
  return h;
}

function alertsFor(messages: FakeMessage[], leadId: string): FakeMessage[] {
  return messages.filter((m) => m.metadata?.event_payload.key === leadAlertKey(leadId, 'qualified'));
}

describe('MQL alerts through the outbox', () => {
  it('posts one Block Kit alert with everything a rep needs, within 5 s, and stores where it is', async () => {
    const h = await harness();
    const lead = await seedLead(h.store);
    const enqueuedAt = Date.now();
    expect(await enqueueLeadAlert(h.store.outbox, lead._id, 'qualified')).toBe(true);
    expect(await enqueueLeadAlert(h.store.outbox, lead._id, 'qualified')).toBe(false);

    const [alert] = await h.slack.waitFor(() => alertsFor(h.slack.messages, lead._id).length > 0 && alertsFor(h.slack.messages, lead._id));
    const postedAt = h.slack.callsTo('chat.postMessage')[0]?.at ?? Infinity;
    expect(postedAt - enqueuedAt).toBeLessThan(5_000);
    expect(alert?.channel).toBe(SALES_CHANNEL);
    const rendered = JSON.stringify(alert?.blocks);
    for (const expected of [
      'Jeanne Martin',
      'Acme SAS',
      lead.email,
      '+33612345678',
      '82/100',
      'hot',
      'Budget 20 000 EUR',
      'Starts this month',
      'Refonte du site e-commerce',
      'ce mois-ci (ready to start within a month)',
      'Notre site actuel est trop lent (replace the current tool)',
      '20000 EUR',
      'web',
      'FR · retail &amp; hospitality · 10-49 employees',
      `${PUBLIC_URL}/console/leads/${lead._id}`,
      'lead_claim',
      'lead_accept',
      'lead_reject',
    ]) {
      expect(rendered).toContain(expected);
    }

    const done = await waitForItem(h, leadAlertKey(lead._id, 'qualified'), 'done');
    expect(done.result).toMatchObject({ channel: SALES_CHANNEL, ts: alert?.ts, alreadyPosted: false });
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('escapes hostile lead fields so they cannot ping the channel or inject links', async () => {
    const h = await harness();
    const lead = await seedLead(h.store, { name: '<!channel> <script>x</script>', company: '<https://evil.test|Click> & co 😈', project: { text: '{"$gt": ""} __proto__' } });
    await enqueueLeadAlert(h.store.outbox, lead._id, 'qualified');
    const [alert] = await h.slack.waitFor(() => alertsFor(h.slack.messages, lead._id).length > 0 && alertsFor(h.slack.messages, lead._id));
    const sections = JSON.stringify(alert?.blocks?.filter((b) => (b as { type: string }).type !== 'header'));
    expect(sections).not.toContain('<!channel>');
    expect(sections).not.toContain('<https://evil.test');
    expect(sections).toContain('&lt;!channel&gt;');
    expect(sections).toContain('&amp; co 😈');
    expect(alert?.text).not.toContain('<!channel>');
  });

  it('honours 429 Retry-After, then posts once', async () => {
    const h = await harness();
    h.slack.failNext('chat.postMessage', { status: 429, retryAfterSec: 1 });
    const lead = await seedLead(h.store);
    await enqueueLeadAlert(h.store.outbox, lead._id, 'qualified');
    await waitForItem(h, leadAlertKey(lead._id, 'qualified'), 'done');
    const [limited, accepted] = h.slack.callsTo('chat.postMessage');
    expect((accepted?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(alertsFor(h.slack.messages, lead._id)).toHaveLength(1);
    // The retry looked for an earlier post before posting again.
    expect(h.slack.callsTo('conversations.history').length).toBeGreaterThanOrEqual(1);
  });

  it('retries 500s with backoff and posts once', async () => {
    const h = await harness();
    h.slack.failNext('chat.postMessage', { status: 500 }, { status: 500 });
    const lead = await seedLead(h.store);
    await enqueueLeadAlert(h.store.outbox, lead._id, 'qualified');
    const done = await waitForItem(h, leadAlertKey(lead._id, 'qualified'), 'done');
    expect(done.attempts).toBe(3);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(3);
    expect(alertsFor(h.slack.messages, lead._id)).toHaveLength(1);
  });

  it('does not post twice when a worker died after Slack accepted the post (lease expiry, restart)', async () => {
    const slack = await FakeSlackApi.start();
    const testStore = await openTestStore();
    cleanups.push(async () => {
      await slack.close();
      await testStore.cleanup();
    });
    const config = slackConfig(slack.url);
    const client = new webApi.WebClient(FAKE_BOT_TOKEN, { slackApiUrl: slack.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    const handlerFor = (store: typeof testStore.store) =>
      alertDeliveryHandler({ store, client, config, salesChannel: SALES_CHANNEL, router: new RepRouter(config.routing, store.routing) });

    const lead = await seedLead(testStore.store);
    await enqueueLeadAlert(testStore.store.outbox, lead._id, 'qualified');
    // The doomed process: claims with a short lease, posts, and dies before `complete`.
    const item = await testStore.store.outbox.claim([LEAD_ALERT_TOPIC], 'doomed-worker', 300);
    expect(item).not.toBeNull();
    await handlerFor(testStore.store)(item!, { workerId: 'doomed-worker', signal: new AbortController().signal });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);

    // Restart: a new process opens the same data and runs a worker.
    const store = await testStore.reopen();
    const worker = new OutboxWorker({ outbox: store.outbox, topics: ALERT_DELIVERY_TOPICS, handler: handlerFor(store), pollIntervalMs: 50 });
    worker.start();
    cleanups.push(() => worker.stop());
    const done = await pollItem(() => store.outbox.get(leadAlertKey(lead._id, 'qualified')), 'done');
    expect(done.attempts).toBe(2);
    expect(done.result).toMatchObject({ channel: SALES_CHANNEL, alreadyPosted: true });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(slack.callsTo('conversations.history')).toHaveLength(1);
  });

  it('delivers each of many alerts exactly once with several competing workers', async () => {
    const slack = await FakeSlackApi.start();
    const testStore = await openTestStore();
    cleanups.push(async () => {
      await slack.close();
      await testStore.cleanup();
    });
    const { store } = testStore;
    const config = slackConfig(slack.url);
    const client = new webApi.WebClient(FAKE_BOT_TOKEN, { slackApiUrl: slack.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    const handler = alertDeliveryHandler({ store, client, config, salesChannel: SALES_CHANNEL, router: new RepRouter(config.routing, store.routing) });
    const leads = await Promise.all(Array.from({ length: 60 }, (_, i) => seedLead(store, { email: `lead${i}@acme.fr` })));
    // Some failures along the way so retries compete too.
    slack.failNext('chat.postMessage', { status: 500 }, { status: 429, retryAfterSec: 1 }, { status: 500 });
    const workers = Array.from(
      { length: 4 },
      (_, i) => new OutboxWorker({ outbox: store.outbox, topics: ALERT_DELIVERY_TOPICS, handler, workerId: `w${i}`, concurrency: 3, pollIntervalMs: 20, backoff: { minMs: 20, maxMs: 200 } }),
    );
    workers.forEach((w) => w.start());
    cleanups.push(async () => {
      await Promise.all(workers.map((w) => w.stop()));
    });
    await Promise.all(leads.map((lead) => enqueueLeadAlert(store.outbox, lead._id, 'qualified')));
    for (const lead of leads) await pollItem(() => store.outbox.get(leadAlertKey(lead._id, 'qualified')), 'done', 20_000);
    for (const lead of leads) expect(alertsFor(slack.messages, lead._id)).toHaveLength(1);
    expect(slack.messages).toHaveLength(leads.length);
  });

  it('reconciles qualified leads whose alert was never enqueued (crash between save and enqueue)', async () => {
    const h = await harness();
    const lead = await seedLead(h.store);
    const captured = await seedLead(h.store, {}, 'mcl');
    const reconciler = new LeadAlertReconciler({ leads: h.store.leads, outbox: h.store.outbox, events: ['qualified'] });
    expect(await reconciler.reconcileOnce()).toBe(1);
    expect(await reconciler.reconcileOnce()).toBe(0);
    await waitForItem(h, leadAlertKey(lead._id, 'qualified'), 'done');
    expect(alertsFor(h.slack.messages, lead._id)).toHaveLength(1);
    expect(await h.store.outbox.get(leadAlertKey(captured._id, 'qualified'))).toBeNull();
  });

  it('routes round-robin to reps and re-notifies in the thread when nobody claims', async () => {
    const h = await harness({
      config: { routing: { mode: 'round-robin', reps: ['U0REP1', 'U0REP2'], segmentRoutes: [], renotifyAfterMinutes: 0.005 } },
    });
    const first = await seedLead(h.store, { email: 'first@acme.fr' });
    await enqueueLeadAlert(h.store.outbox, first._id, 'qualified');
    await waitForItem(h, leadAlertKey(first._id, 'qualified'), 'done');
    const second = await seedLead(h.store, { email: 'second@acme.fr' });
    await enqueueLeadAlert(h.store.outbox, second._id, 'qualified');
    await waitForItem(h, leadAlertKey(second._id, 'qualified'), 'done');
    expect(alertsFor(h.slack.messages, first._id)[0]?.text).toContain('<@U0REP1>');
    expect(alertsFor(h.slack.messages, second._id)[0]?.text).toContain('<@U0REP2>');

    await h.store.leads.claim(second._id, 'U0REP2');
    const [firstAlert] = alertsFor(h.slack.messages, first._id);
    const nudge = await h.slack.waitFor(() => h.slack.messages.find((m) => m.thread_ts === firstAlert?.ts));
    expect(nudge.text).toContain('<@U0REP1>');
    expect(nudge.reply_broadcast).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const [secondAlert] = alertsFor(h.slack.messages, second._id);
    expect(h.slack.messages.filter((m) => m.thread_ts === secondAlert?.ts)).toHaveLength(0);
    expect(h.slack.messages.filter((m) => m.thread_ts === firstAlert?.ts)).toHaveLength(1);
  });

  it('routes by segment, and alerts hot captured leads only when enabled', async () => {
    const h = await harness({
      config: { alertHotCaptured: true, routing: { mode: 'segment', reps: [], segmentRoutes: [{ field: 'country', value: 'fr', rep: 'U0FRANCE' }], renotifyAfterMinutes: null } },
    });
    const hot = await seedLead(h.store, {}, 'mcl');
    await enqueueLeadAlert(h.store.outbox, hot._id, 'captured-hot');
    await waitForItem(h, leadAlertKey(hot._id, 'captured-hot'), 'done');
    const alert = h.slack.messages.find((m) => m.metadata?.event_payload.key === leadAlertKey(hot._id, 'captured-hot'));
    expect(alert?.text).toContain('Hot lead captured');
    expect(alert?.text).toContain('<@U0FRANCE>');

    const off = await harness();
    const other = await seedLead(off.store, {}, 'mcl');
    await enqueueLeadAlert(off.store.outbox, other._id, 'captured-hot');
    const skipped = await waitForItem(off, leadAlertKey(other._id, 'captured-hot'), 'done');
    expect(skipped.result).toEqual({ skipped: 'hot-captured alerts are off' });
    expect(off.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('skips the alert of a lead erased before delivery', async () => {
    const h = await harness();
    const lead = await seedLead(h.store);
    await h.store.leads.remove(lead._id);
    await enqueueLeadAlert(h.store.outbox, lead._id, 'qualified');
    const done = await waitForItem(h, leadAlertKey(lead._id, 'qualified'), 'done');
    expect(done.result).toEqual({ skipped: 'lead no longer exists' });
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });
});

async function waitForItem(h: Harness, key: string, status: 'done' | 'dead') {
  return pollItem(() => h.store.outbox.get(key), status);
}

async function pollItem<T extends { status: string }>(get: () => Promise<T | null>, status: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const item = await get();
    if (item?.status === status) return item;
    if (Date.now() > deadline) throw new Error(`outbox item not ${status}: ${JSON.stringify(item)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
