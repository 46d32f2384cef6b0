/**
 * Retention by the database (the `expiresAt` TTL rule, swept by the SQLite store as MongoDB's TTL
 * monitor would): anonymous conversations and idle conversation state go after
 * RETENTION_ANONYMOUS_DAYS, delivered outbox items after RETENTION_DELIVERED_DAYS; a lead's
 * conversations, pending work and state written without retention stay.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../core/ports/store.js';
import { openStore } from '../../data/open-store.js';

const DAY = 24 * 3600 * 1000;

describe('retention on the SQLite store', () => {
  let dataDir: string;
  let store: Store;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'storage-retention-'));
    store = await openStore({ dataDir, retention: { anonymousDays: 30, deliveredDays: 7 }, sweepEveryMs: 20 });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('deletes what expired and nothing else', async () => {
    const now = Date.now();
    const say = (conversationId: string, text: string, visitorId?: string) =>
      store.transcripts.append({ conversationId, from: 'user', text, at: new Date(), ...(visitorId && { visitorId }) });
    await say('conv-anon', 'just looking', 'web:anon');
    await store.leads.upsert({ visitorId: 'web:anon' }, { channel: 'web' }); // a lead without an e-mail is still anonymous
    await say('conv-lead', 'hello', 'web:lead');
    const lead = await store.leads.upsert({ visitorId: 'web:lead', email: 'kept@x.test' }, { name: 'Kept' }, { to: 'mcl' });
    await say('conv-lead', 'my budget is 10k', 'web:lead'); // said after capture: kept too
    await store.events.append('web:anon', { name: 'page', at: new Date() });

    await store.conversations.write('conversation/web/conv-anon', { step: 1 }, null, { expireWhenIdle: true });
    const routerTag = await store.routing.write('slack:router', { next: 3 }, null);
    await store.slackEvents.write('slack:event:Ev1', { state: 'processed' }, null, { expiresAt: new Date(now + 3600_000) });

    await store.outbox.enqueue('job', 'delivered', {});
    await store.outbox.enqueue('job', 'failing', {});
    await store.outbox.enqueue('job', 'later', {}, new Date(now + 60 * DAY));
    await store.outbox.claim(['job'], 'w', 60_000);
    expect(await store.outbox.complete('delivered', 'w')).toBe(true);
    await store.outbox.claim(['job'], 'w', 60_000);
    expect(await store.outbox.fail('failing', 'w', 'HTTP 500', null)).toBe(true);

    // Eight days on: the delivered item and the Slack event marker are past their time, nothing else.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now + 8 * DAY);
    await expect.poll(() => store.outbox.get('delivered'), { timeout: 10_000 }).toBeNull();
    expect(await store.slackEvents.read('slack:event:Ev1')).toBeNull();
    expect(await store.transcripts.list('conv-anon')).toHaveLength(1);
    expect(await store.conversations.read('conversation/web/conv-anon')).not.toBeNull();

    // Thirty-one days on: the anonymous conversation and its idle state go.
    vi.setSystemTime(now + 31 * DAY);
    await expect.poll(() => store.transcripts.list('conv-anon'), { timeout: 10_000 }).toEqual([]);
    await expect.poll(() => store.conversations.read('conversation/web/conv-anon'), { timeout: 10_000 }).toBeNull();

    expect((await store.transcripts.list('conv-lead')).map((entry) => entry.text)).toEqual(['hello', 'my budget is 10k']);
    expect(await store.leads.get(lead._id)).toEqual(lead);
    expect(await store.leads.findByVisitorId('web:anon')).not.toBeNull();
    expect(await store.events.listByVisitor(['web:anon'])).toHaveLength(1);
    expect((await store.routing.read('slack:router'))?.eTag).toBe(routerTag);
    expect(await store.outbox.get('failing')).toMatchObject({ status: 'dead' });
    expect(await store.outbox.get('later')).toMatchObject({ status: 'pending' });
  });

  it('a value rewritten without retention stops expiring', async () => {
    const now = Date.now();
    const first = await store.conversations.write('conversation/web/c', { step: 1 }, null, { expireWhenIdle: true });
    await store.conversations.write('conversation/web/c', { step: 2 }, first);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now + 31 * DAY);
    await store.conversations.write('canary', {}, null, { expiresAt: new Date(now) });
    await expect.poll(() => store.conversations.read('canary'), { timeout: 10_000 }).toBeNull(); // a sweep ran
    expect((await store.conversations.read<{ step: number }>('conversation/web/c'))?.value.step).toBe(2);
  });

  it('refuses an expiry that is not a date', async () => {
    await expect(store.conversations.write('k', {}, null, { expiresAt: 'tomorrow' as never })).rejects.toThrow(TypeError);
    expect(await store.conversations.read('k')).toBeNull();
  });
});
