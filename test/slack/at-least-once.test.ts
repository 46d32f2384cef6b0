/**
 * Inbound events are at least once, then deduplicated, over real signed requests: the 200 comes
 * only after the turn; a failed turn is answered 500 and Slack's retry runs it; an event left
 * `received` by a replica that died mid-turn is taken over by a retry once its lease ran out.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../core/log.js';
import { SlackEventLedger } from '../../adapters/slack/event-ledger.js';
import { startHarness, type Harness } from './support/harness.js';
import { directMessage, eventCallback, sendToSlackEndpoint, type SlackRequest } from './support/slack-requests.js';

const retryHeaders = (n: number): Record<string, string> => ({ 'x-slack-retry-num': String(n), 'x-slack-retry-reason': 'http_error' });
const repliesTo = (h: Harness, text: string): number => h.slack.callsTo('chat.postMessage').filter((c) => c.args.text === `You said: ${text}`).length;

describe('Slack events: at least once, then deduplicated', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('answers 200 only once the turn is over (its reply is already posted)', async () => {
    const res = await sendToSlackEndpoint(h.baseUrl, eventCallback(directMessage('U0VISITOR', 'answered after the turn')));
    expect(res.status).toBe(200);
    expect(repliesTo(h, 'answered after the turn')).toBe(1);
  });

  it('answers 500 when the turn fails, and processes Slack’s retry of it once', async () => {
    const request = eventCallback(directMessage('U0VISITOR', 'fails once'), 'EvFAILONCE');
    h.bot.failOnce.add('fails once');
    const first = await sendToSlackEndpoint(h.baseUrl, request);
    expect(first.status).toBe(500);
    expect(repliesTo(h, 'fails once')).toBe(0);
    const retry = await sendToSlackEndpoint(h.baseUrl, request, { headers: retryHeaders(1) });
    expect(retry.status).toBe(200);
    expect(repliesTo(h, 'fails once')).toBe(1);
    const again = await sendToSlackEndpoint(h.baseUrl, request, { headers: retryHeaders(2) });
    expect([again.status, again.headers.get('x-slack-no-retry')]).toEqual([200, '1']);
    expect(h.bot.seen.filter((s) => s.text === 'fails once')).toHaveLength(2);
    expect(repliesTo(h, 'fails once')).toBe(1);
  });

  it('takes over an event a crashed replica received but never processed, after its lease', async () => {
    const request: SlackRequest = eventCallback(directMessage('U0VISITOR', 'lost in a crash'), 'EvCRASHED');
    // The dead replica recorded the event (a one-minute lease) and died before its turn ran.
    const dead = new SlackEventLedger(h.store.slackEvents, createLogger('dead-replica'), { leaseMs: 60_000 });
    expect((await dead.admit('EvCRASHED')).outcome).toBe('process');

    // Slack's first retry comes at once: the lease still holds, so it is neither processed nor acknowledged.
    const early = await sendToSlackEndpoint(h.baseUrl, request, { headers: retryHeaders(1) });
    expect(early.status).toBe(503);
    expect(h.bot.seen.some((s) => s.text === 'lost in a crash')).toBe(false);

    // The next retry comes after the lease ran out: the clock moves on instead of the test sleeping.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      const later = await sendToSlackEndpoint(h.baseUrl, request, { headers: retryHeaders(2) });
      expect(later.status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
    expect(repliesTo(h, 'lost in a crash')).toBe(1);

    const last = await sendToSlackEndpoint(h.baseUrl, request, { headers: retryHeaders(3) });
    expect([last.status, last.headers.get('x-slack-no-retry')]).toEqual([200, '1']);
    expect(h.bot.seen.filter((s) => s.text === 'lost in a crash')).toHaveLength(1);
  });

  it('keeps a retry that arrives during a slow turn from running it twice', async () => {
    const request = eventCallback(directMessage('U0SLOW', 'slow turn'), 'EvSLOW');
    // users.info opens the turn: holding its answer makes the turn outlive Slack's 3 s patience.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    h.slack.hooks.set('users.info', (call) => (call.args.user === 'U0SLOW' ? gate : undefined));
    const first = sendToSlackEndpoint(h.baseUrl, request);
    await h.slack.waitFor(() => h.slack.callsTo('users.info').some((c) => c.args.user === 'U0SLOW'));
    const retry = await sendToSlackEndpoint(h.baseUrl, request, { headers: retryHeaders(1) });
    expect(retry.status).toBe(503);
    release();
    expect((await first).status).toBe(200);
    h.slack.hooks.delete('users.info');
    const late = await sendToSlackEndpoint(h.baseUrl, request, { headers: retryHeaders(2) });
    expect([late.status, late.headers.get('x-slack-no-retry')]).toEqual([200, '1']);
    expect(h.bot.seen.filter((s) => s.text === 'slow turn')).toHaveLength(1);
    expect(repliesTo(h, 'slow turn')).toBe(1);
  });
});
