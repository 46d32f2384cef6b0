/**
 * Slack alert delivery through the outbox, on the embedded store, against the local fake Web API:
 * - burst: N alerts enqueued at once, competing workers → delivered alerts/s;
 * - steady: alerts enqueued at a steady rate with the production poll interval → enqueue-to-post
 *   latency (p50/p99), i.e. what "a rep knows within 5 s" depends on.
 * Writes bench/results/outbox.json.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { webApi } from '@slack/bolt';
import { ALERT_DELIVERY_TOPICS, alertDeliveryHandler } from '../adapters/slack/alert-delivery.js';
import { RepRouter } from '../adapters/slack/routing.js';
import { enqueueLeadAlert, leadAlertKey } from '../bot/outbox/lead-alert.js';
import { OutboxWorker } from '../bot/outbox/worker.js';
import { FAKE_BOT_TOKEN, FakeSlackApi } from '../test/slack/support/fake-slack-api.js';
import { SALES_CHANNEL, slackConfig } from '../test/slack/support/harness.js';
import { openTestStore, seedLead } from '../test/slack/support/test-store.js';

interface Scenario {
  name: string;
  alerts: number;
  /** Alerts per second while enqueuing; Infinity for a burst. */
  rate: number;
  workers: number;
  concurrency: number;
  pollIntervalMs: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'burst', alerts: 300, rate: Infinity, workers: 3, concurrency: 4, pollIntervalMs: 500 },
  { name: 'steady', alerts: 100, rate: 20, workers: 2, concurrency: 2, pollIntervalMs: 500 },
];

export default async function bench(): Promise<object> {
  const results = [];
  for (const scenario of SCENARIOS) results.push(await run(scenario));
  const report = { bench: 'outbox', at: new Date().toISOString(), node: process.version, store: 'embedded', results };
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'outbox.json');
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  return results;
}

async function run(scenario: Scenario) {
  const slack = await FakeSlackApi.start();
  const testStore = await openTestStore();
  const { store } = testStore;
  const config = slackConfig(slack.url);
  const client = new webApi.WebClient(FAKE_BOT_TOKEN, { slackApiUrl: slack.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  const handler = alertDeliveryHandler({ store, client, config, salesChannel: SALES_CHANNEL, router: new RepRouter(config.routing, store.routing) });
  const workers = Array.from(
    { length: scenario.workers },
    (_, i) => new OutboxWorker({ outbox: store.outbox, topics: ALERT_DELIVERY_TOPICS, handler, workerId: `bench-${i}`, concurrency: scenario.concurrency, pollIntervalMs: scenario.pollIntervalMs }),
  );
  try {
    const leads = [];
    for (let i = 0; i < scenario.alerts; i += 1) leads.push(await seedLead(store, { email: `bench${i}@acme.fr` }));
    workers.forEach((w) => w.start());

    const enqueuedAt = new Map<string, number>();
    const started = Date.now();
    for (const [i, lead] of leads.entries()) {
      if (Number.isFinite(scenario.rate)) await sleepUntil(started + (i * 1000) / scenario.rate);
      enqueuedAt.set(leadAlertKey(lead._id, 'qualified'), Date.now());
      await enqueueLeadAlert(store.outbox, lead._id, 'qualified');
    }
    while (slack.messages.length < leads.length) await sleep(10);
    const finished = Date.now();

    const latencies = slack.messages
      .map((m) => {
        const key = String(m.metadata?.event_payload.key);
        const posted = slack.calls.find((c) => c.method === 'chat.postMessage' && (c.args.metadata as { event_payload?: { key?: string } })?.event_payload?.key === key);
        return (posted?.at ?? 0) - (enqueuedAt.get(key) ?? 0);
      })
      .sort((a, b) => a - b);
    const keys = new Set(slack.messages.map((m) => m.metadata?.event_payload.key));
    return {
      scenario: scenario.name,
      alerts: scenario.alerts,
      workers: scenario.workers,
      concurrency: scenario.concurrency,
      pollIntervalMs: scenario.pollIntervalMs,
      enqueueRatePerSec: Number.isFinite(scenario.rate) ? scenario.rate : 'burst',
      delivered: slack.messages.length,
      duplicates: slack.messages.length - keys.size,
      alertsPerSec: Math.round((leads.length / ((finished - started) / 1000)) * 10) / 10,
      latencyMs: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies.at(-1) ?? 0 },
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await slack.close();
    await testStore.cleanup();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sleepUntil = (at: number) => sleep(Math.max(0, at - Date.now()));
