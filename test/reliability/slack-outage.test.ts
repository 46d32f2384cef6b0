/**
 * Slack's Web API answering 429 (Retry-After) and 500 — some 500s after the message was in fact
 * posted — for the equivalent of three minutes while visitors qualify: once Slack recovers, every
 * MQL alert is posted exactly once. Time is compressed by 20 on both sides, honestly: the outbox
 * backoff runs at 1/20 of production's (50 ms doubling up to 15 s, instead of 1 s up to 5 min,
 * same 10 attempts) and the outage lasts 9 s instead of 3 minutes, so each alert goes through
 * the same number of failed attempts as it would in production.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { leadAlertKey } from '../../bot/outbox/lead-alert.js';
import { FAST_SLACK, SALES_CHANNEL, slackEnv } from '../e2e-slack/slack-app-env.js';
import { FakeSlackApi } from '../slack/support/fake-slack-api.js';
import { startApp } from '../support/app-harness.js';
import { apologies } from './apologies.js';
import { recordRow } from './fault-table.js';
import { auditLeads } from './lead-audit.js';
import { inPool, personas } from './load.js';
import { ResilientVisitor } from './resilient-visitor.js';

const CONVERSATIONS = 16;
const CONCURRENCY = 4;
const TIME_SCALE = 20;
const OUTAGE_MS = (3 * 60_000) / TIME_SCALE;
const ALERTS = { ...FAST_SLACK, alertWorker: { ...FAST_SLACK.alertWorker, backoff: { minMs: 1_000 / TIME_SCALE, maxMs: (5 * 60_000) / TIME_SCALE } } };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

describe('Slack answering 429 and 500 for minutes', () => {
  it('posts every MQL alert exactly once after Slack recovers', async () => {
    const slack = await FakeSlackApi.start();
    cleanups.push(() => slack.close());
    const running = await startApp({ env: slackEnv(slack.url), overrides: { slack: ALERTS } });
    cleanups.push(() => running.dispose());

    const outageStarted = Date.now();
    slack.startOutage({ status: 429, retryAfterSec: 1 }, { status: 500 }, { status: 500, afterPosting: true }, { status: 500 });
    const { isApology } = await apologies();
    const visitors = personas(CONVERSATIONS, 'slack-outage').map((persona) => new ResilientVisitor(async () => running.url, persona, { isApology }));
    await inPool(visitors, CONCURRENCY, (visitor) => visitor.converse());
    // The outage lasts its full length, and every kind of failure was answered to the alert worker.
    const failed = (status: number, method?: string) => slack.calls.filter((c) => c.failedWith === status && (!method || c.method === method)).length;
    await expect.poll(() => Date.now() - outageStarted >= OUTAGE_MS && failed(429) > 0 && failed(500, 'chat.postMessage') > 0, { timeout: OUTAGE_MS + 30_000, interval: 100 }).toBe(true);
    const postedDuringOutage = slack.channelMessages(SALES_CHANNEL).length;
    slack.endOutage();

    const audit = await auditLeads(running.url, visitors.map((v) => ({ visitorId: v.visitorId, email: v.persona.email, acknowledged: v.acknowledged })));
    const keys = audit.leads.filter((lead) => lead.stage === 'mql').map((lead) => leadAlertKey(lead._id, 'qualified'));
    const outbox = running.app.store.outbox;
    await expect.poll(async () => (await Promise.all(keys.map((key) => outbox.get(key)))).map((item) => item?.status), { timeout: 60_000, interval: 250 }).toEqual(keys.map(() => 'done'));
    const posted = slack.channelMessages(SALES_CHANNEL).map((m) => m.metadata?.event_payload.key);
    const duplicated = keys.reduce((sum, key) => sum + Math.max(0, posted.filter((k) => k === key).length - 1), 0);
    const missing = keys.filter((key) => !posted.includes(key)).length;

    await recordRow(inject('reliabilityRowsDir'), {
      order: 50,
      fault: 'Slack Web API 429 + 500 for "3 minutes" (time ÷ 20)',
      injected: `${failed(429)}× 429, ${failed(500)}× 500 (${postedDuringOutage} posted then answered 500); ${keys.length} MQL alerts: ${keys.length - missing} posted`,
      conversations: visitors.length,
      acknowledged: audit.acknowledged,
      stored: audit.stored,
      lost: audit.lost + missing,
      duplicated: audit.duplicated + duplicated,
    });
    expect(postedDuringOutage).toBeGreaterThan(0);
    expect(keys.length).toBeGreaterThan(0);
    expect(missing).toBe(0);
    expect(duplicated).toBe(0);
    expect(audit.lost).toBe(0);
    expect(audit.duplicated).toBe(0);
  });
});
