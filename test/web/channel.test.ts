import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WidgetMessage } from '../../adapters/web/protocol.js';
import { startChannelServer, type ChannelServer } from './channel-server.js';
import { readSse, type SseEvent } from './sse-client.js';
import { TEST_GREETING, TEST_QUESTIONS, TestQualificationBot } from './test-bot.js';

const id = (): string => randomBytes(12).toString('hex');

interface ApiJson {
  seq?: number;
  duplicate?: boolean;
  stored?: number;
  error: { code: string; message: string; details?: unknown };
}

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: ApiJson; headers: Headers }> {
  const response = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : {}) as ApiJson, headers: response.headers };
}

const messages = (events: SseEvent[]): WidgetMessage[] => events.filter((e) => e.event === 'message').map((e) => e.data as WidgetMessage);
const eventsUrl = (base: string, conversationId: string, visitorId: string, after = 0): string =>
  `${base}/api/web/conversations/${conversationId}/events?visitorId=${visitorId}&after=${after}`;

describe('web channel over HTTP', () => {
  let server: ChannelServer;
  let bot: TestQualificationBot;
  const behaviourCalls: string[] = [];

  beforeAll(async () => {
    bot = new TestQualificationBot();
    server = await startChannelServer({ bot, onBehaviour: async (visitorId) => void behaviourCalls.push(visitorId) });
  });
  afterAll(() => server.close());

  /** Start a conversation and wait for the greeting and the first question. */
  async function started(): Promise<{ conversationId: string; visitorId: string }> {
    const conversationId = id();
    const visitorId = id();
    expect((await post(server.baseUrl, `/api/web/conversations/${conversationId}/start`, { visitorId, clientMessageId: id(), locale: 'fr' })).status).toBe(202);
    await readSse(eventsUrl(server.baseUrl, conversationId, visitorId), { until: (ev) => messages(ev).length >= 2 });
    return { conversationId, visitorId };
  }

  describe('widget bundle and config', () => {
    it('serves /widget.js gzipped under 25 kB, with an ETag that answers 304', async () => {
      const response = await fetch(`${server.baseUrl}/widget.js`, { headers: { 'accept-encoding': 'gzip' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/javascript/);
      const etag = response.headers.get('etag')!;
      const body = Buffer.from(await response.arrayBuffer()); // fetch already gunzipped it
      expect(body.toString()).toContain('LeadQualifier');
      const raw = await new Promise<Buffer>((resolve, reject) => {
        import('node:http').then(({ get }) =>
          get(`${server.baseUrl}/widget.js`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
          }).on('error', reject),
        );
      });
      expect(raw.length).toBeLessThan(25 * 1024);
      expect(gunzipSync(raw).equals(body)).toBe(true);
      expect((await fetch(`${server.baseUrl}/widget.js`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    });

    it('serves the public widget config without server-only fields', async () => {
      const response = await fetch(`${server.baseUrl}/api/web/config`);
      const config = await response.json();
      expect(config.botName).toBe('Léa');
      expect(config.triggers.map((t: { id: string }) => t.id)).toContain('pricing-30s');
      expect(config.triggers[0].message).toBeUndefined();
      expect(config.allowedOrigins).toBeUndefined();
    });
  });

  describe('conversation', () => {
    it('greets on start, then answers each message, every message with an increasing seq', async () => {
      const { conversationId, visitorId } = await started();
      const sent = await post(server.baseUrl, `/api/web/conversations/${conversationId}/messages`, { visitorId, clientMessageId: id(), text: 'Jeanne Martin' });
      expect(sent.status).toBe(202);
      expect(sent.json).toEqual({ seq: 3, duplicate: false });
      const events = await readSse(eventsUrl(server.baseUrl, conversationId, visitorId), { until: (ev) => messages(ev).length >= 5 });
      const all = messages(events);
      expect(all.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(all.map((m) => m.from)).toEqual(['bot', 'bot', 'user', 'bot', 'bot']);
      expect(all[0]!.text).toBe(TEST_GREETING);
      expect(all[3]!.text).toBe('Noté : Jeanne Martin');
      expect(all[4]).toMatchObject({ text: TEST_QUESTIONS[1]!.text, prompt: { slot: 'email', kind: 'email' } });
      expect(events.filter((e) => e.event === 'message').map((e) => e.id)).toEqual(['1', '2', '3', '4', '5']);
    });

    it('carries choices as quick replies and replays the pending question on reconnect', async () => {
      const { conversationId, visitorId } = await started();
      for (const text of ['Jeanne', 'jeanne@example.com', '0601020304']) {
        await post(server.baseUrl, `/api/web/conversations/${conversationId}/messages`, { visitorId, clientMessageId: id(), text });
      }
      await readSse(eventsUrl(server.baseUrl, conversationId, visitorId), { until: (ev) => messages(ev).length >= 11 });
      // A fresh connection (a reload) replays everything from the store.
      const history = messages(await readSse(eventsUrl(server.baseUrl, conversationId, visitorId), { until: (ev) => ev.some((e) => e.event === 'ready') }));
      expect(history).toHaveLength(11);
      const last = history.at(-1)!;
      expect(last.prompt).toEqual({ slot: 'project', kind: 'choice', choices: ['Pilote CRM', 'Pilote Campagnes', 'Les deux'] });
      expect(last.quickReplies?.map((q) => q.value)).toEqual(['Pilote CRM', 'Pilote Campagnes', 'Les deux']);
      // Older questions are history: only the latest one carries its prompt.
      expect(history.filter((m) => m.prompt).map((m) => m.seq)).toEqual([last.seq]);
    });

    it('restores history after a watermark, from the query or from Last-Event-ID, then sends `ready`', async () => {
      const { conversationId, visitorId } = await started();
      await post(server.baseUrl, `/api/web/conversations/${conversationId}/messages`, { visitorId, clientMessageId: id(), text: 'Jeanne' });
      const untilReady = (ev: SseEvent[]) => ev.some((e) => e.event === 'ready');
      await readSse(eventsUrl(server.baseUrl, conversationId, visitorId), { until: (ev) => messages(ev).length >= 5 });
      const afterQuery = messages(await readSse(eventsUrl(server.baseUrl, conversationId, visitorId, 3), { until: untilReady }));
      expect(afterQuery.map((m) => m.seq)).toEqual([4, 5]);
      const afterHeader = await readSse(eventsUrl(server.baseUrl, conversationId, visitorId), { headers: { 'last-event-id': '4' }, until: untilReady });
      expect(messages(afterHeader).map((m) => m.seq)).toEqual([5]);
      expect(afterHeader.find((e) => e.event === 'ready')?.data).toEqual({ watermark: 5 });
    });

    it('starts the conversation from its first message when the start request was lost: greeting first, in the message’s language', async () => {
      const conversationId = id();
      const visitorId = id();
      const sent = await post(server.baseUrl, `/api/web/conversations/${conversationId}/messages`, { visitorId, clientMessageId: id(), text: 'Jeanne Lost', locale: 'en' });
      expect(sent).toMatchObject({ status: 202, json: { seq: 1, duplicate: false } });
      const all = messages(await readSse(eventsUrl(server.baseUrl, conversationId, visitorId), { until: (ev) => messages(ev).length >= 5 }));
      expect(all.map((m) => [m.seq, m.from])).toEqual([[1, 'user'], [2, 'bot'], [3, 'bot'], [4, 'bot'], [5, 'bot']]);
      expect(all.map((m) => m.text).slice(1, 5)).toEqual([TEST_GREETING, TEST_QUESTIONS[0]!.text, 'Noté : Jeanne Lost', TEST_QUESTIONS[1]!.text]);
      expect(bot.received.filter((t) => t === 'Jeanne Lost')).toHaveLength(1);
      // The conversation started then: a late start request starts nothing again.
      expect((await post(server.baseUrl, `/api/web/conversations/${conversationId}/start`, { visitorId, clientMessageId: id() })).json).toEqual({ started: false });
      expect((await server.store.webConversations.read<{ locale?: string }>(`web:conversation:${conversationId}`))?.value.locale).toBe('en');
    });

    it('processes a retried message (same client message id) once', async () => {
      const { conversationId, visitorId } = await started();
      const body = { visitorId, clientMessageId: id(), text: 'Retry Ravel' };
      const first = await post(server.baseUrl, `/api/web/conversations/${conversationId}/messages`, body);
      const again = await Promise.all([1, 2, 3].map(() => post(server.baseUrl, `/api/web/conversations/${conversationId}/messages`, body)));
      expect(first).toMatchObject({ status: 202, json: { seq: 3, duplicate: false } });
      for (const retry of again) expect(retry).toMatchObject({ status: 200, json: { seq: 3, duplicate: true } });
      const history = messages(await readSse(eventsUrl(server.baseUrl, conversationId, visitorId), { until: (ev) => messages(ev).length >= 5 }));
      expect(history.filter((m) => m.from === 'user')).toEqual([expect.objectContaining({ text: 'Retry Ravel', clientMessageId: body.clientMessageId })]);
      expect(bot.received.filter((t) => t === 'Retry Ravel')).toHaveLength(1);
      const stored = (await server.store.transcripts.list(conversationId)).filter((e) => e.from === 'user');
      expect(stored).toHaveLength(1);
    });

    it('keeps hostile text verbatim as text (HTML, emoji, operators)', async () => {
      const { conversationId, visitorId } = await started();
      const hostile = '<img src=x onerror=alert(1)> 🚀 {"$gt": ""} <script>alert(2)</script>';
      expect((await post(server.baseUrl, `/api/web/conversations/${conversationId}/messages`, { visitorId, clientMessageId: id(), text: hostile })).status).toBe(202);
      const history = messages(await readSse(eventsUrl(server.baseUrl, conversationId, visitorId), { until: (ev) => messages(ev).length >= 5 }));
      expect(history[2]!.text).toBe(hostile);
      expect(history[3]!.text).toBe(`Noté : ${hostile}`);
    });

    it('refuses a conversation that belongs to another visitor', async () => {
      const { conversationId } = await started();
      const intruder = id();
      const sent = await post(server.baseUrl, `/api/web/conversations/${conversationId}/messages`, { visitorId: intruder, clientMessageId: id(), text: 'hello' });
      expect(sent.status).toBe(403);
      expect(sent.json.error.code).toBe('conversation_forbidden');
      expect((await fetch(eventsUrl(server.baseUrl, conversationId, intruder))).status).toBe(403);
    });
  });

  describe('origins', () => {
    const evil = { origin: 'http://evil.example' };

    it('refuses a non-allowed origin with 403 and no CORS grant, on every route', async () => {
      const conversationId = id();
      const sent = await post(server.baseUrl, `/api/web/conversations/${conversationId}/messages`, { visitorId: id(), clientMessageId: id(), text: 'hi' }, evil);
      expect(sent.status).toBe(403);
      expect(sent.json.error.code).toBe('origin_not_allowed');
      expect(sent.headers.get('access-control-allow-origin')).toBeNull();
      expect((await fetch(eventsUrl(server.baseUrl, conversationId, id()), { headers: evil })).status).toBe(403);
      expect((await post(server.baseUrl, '/api/web/behaviour', { visitorId: id(), events: [{ name: 'x' }] }, evil)).status).toBe(403);
      expect((await fetch(`${server.baseUrl}/api/web/config`, { headers: evil })).status).toBe(403);
      const preflight = await fetch(`${server.baseUrl}/api/web/conversations/${conversationId}/messages`, { method: 'OPTIONS', headers: { ...evil, 'access-control-request-method': 'POST' } });
      expect(preflight.status).toBe(403);
    });

    it('grants CORS to configured origins and to the same origin', async () => {
      const allowed = { origin: 'http://localhost:3978' };
      const preflight = await fetch(`${server.baseUrl}/api/web/behaviour`, { method: 'OPTIONS', headers: { ...allowed, 'access-control-request-method': 'POST' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3978');
      expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');
      const config = await fetch(`${server.baseUrl}/api/web/config`, { headers: { origin: server.baseUrl } });
      expect(config.status).toBe(200);
      expect(config.headers.get('access-control-allow-origin')).toBe(server.baseUrl);
    });
  });

  describe('malformed, oversized and hostile bodies', () => {
    const path = () => `/api/web/conversations/${id()}/messages`;
    const valid = () => ({ visitorId: id(), clientMessageId: id(), text: 'bonjour' });

    it('answers 413 with a JSON error for a body over the limit (10 kB+)', async () => {
      const sent = await post(server.baseUrl, path(), { ...valid(), text: 'x'.repeat(12_000) });
      expect(sent.status).toBe(413);
      expect(sent.json.error).toMatchObject({ code: 'body_too_large', details: { maxBytes: 8192 } });
    });

    it('answers 400 for malformed JSON, an empty body and text over the length limit', async () => {
      expect((await post(server.baseUrl, path(), '{"visitorId": ')).json.error.code).toBe('malformed_json');
      expect((await post(server.baseUrl, path(), '')).json.error.code).toBe('empty_body');
      const long = await post(server.baseUrl, path(), { ...valid(), text: 'é'.repeat(2001) });
      expect(long.status).toBe(400);
      expect(long.json.error.details).toEqual([{ field: '/text', problem: 'must NOT have more than 2000 characters' }]);
    });

    it.each([
      ['an operator object as text', { text: { $gt: '' } }],
      ['an array as text', { text: ['a'] }],
      ['a blank text', { text: '   ' }],
      ['an unknown field', { isAdmin: true }],
      ['a visitor id with path characters', { visitorId: '../../etc/passwd' }],
      ['a visitor id that is an operator', { visitorId: { $ne: null } }],
    ])('answers 400 for %s', async (_name, patch) => {
      const sent = await post(server.baseUrl, path(), { ...valid(), ...patch });
      expect(sent.status).toBe(400);
      expect(sent.json.error.code).toBe('invalid_body');
    });

    it('refuses prototype-pollution keys without polluting anything', async () => {
      const body = `{"visitorId":"${id()}","clientMessageId":"${id()}","text":"hi","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`;
      const sent = await post(server.baseUrl, path(), body);
      expect(sent.status).toBe(400);
      const behaviour = await post(server.baseUrl, '/api/web/behaviour', `{"visitorId":"${id()}","events":[{"name":"x","props":{"__proto__":{"polluted":true}}}]}`);
      expect(behaviour.status).toBe(400);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('answers 400 for a malformed conversation id', async () => {
      const sent = await post(server.baseUrl, '/api/web/conversations/a$b/messages', valid());
      expect(sent.status).toBe(400);
      expect(sent.json.error.code).toBe('invalid_conversation_id');
    });
  });

  describe('behaviour', () => {
    afterEach(() => void behaviourCalls.splice(0));

    it('stores events under web:<visitorId> and asks the bot to re-score', async () => {
      const visitorId = id();
      const now = Date.now();
      const sent = await post(server.baseUrl, '/api/web/behaviour', {
        visitorId,
        events: [
          { name: 'visit_start', at: now, props: { visit: 2, referrer: 'https://www.google.com/', utm_source: 'newsletter' } },
          { name: 'page_view', at: now, props: { url: 'http://site/tarifs', title: 'Tarifs', visit: 2 } },
          { name: 'pricing_simulation', props: { plan: 'croissance', seats: 12, yearly: true } },
        ],
      });
      expect(sent).toMatchObject({ status: 202, json: { stored: 3 } });
      const stored = await server.store.events.listByVisitor([`web:${visitorId}`]);
      const byName = new Map(stored.map((e) => [e.name, e]));
      expect([...byName.keys()].sort()).toEqual(['page_view', 'pricing_simulation', 'visit_start']);
      expect(byName.get('visit_start')!.at.getTime()).toBe(now);
      expect(byName.get('visit_start')!.props).toEqual({ visit: 2, referrer: 'https://www.google.com/', utm_source: 'newsletter' });
      expect(byName.get('pricing_simulation')!.props).toEqual({ plan: 'croissance', seats: 12, yearly: true });
      expect(behaviourCalls).toEqual([`web:${visitorId}`]);
    });

    it('accepts beacons sent as text/plain and replaces absurd client clocks', async () => {
      const visitorId = id();
      const sent = await post(server.baseUrl, '/api/web/behaviour', JSON.stringify({ visitorId, events: [{ name: 'page_leave', at: 1, props: { seconds: 42 } }] }), {
        'content-type': 'text/plain;charset=UTF-8',
      });
      expect(sent.status).toBe(202);
      const [event] = await server.store.events.listByVisitor([`web:${visitorId}`]);
      expect(Math.abs(event!.at.getTime() - Date.now())).toBeLessThan(60_000);
    });

    it.each([
      ['nested props', { props: { deep: { a: 1 } } }],
      ['an operator key', { props: { $gt: '' } }],
      ['an HTML event name', { name: '<img src=x onerror=alert(1)>' }],
      ['a 10 kB string prop', { props: { note: 'x'.repeat(1001) } }],
    ])('refuses %s', async (_name, patch) => {
      const sent = await post(server.baseUrl, '/api/web/behaviour', { visitorId: id(), events: [{ name: 'custom', ...patch }] });
      expect(sent.status).toBe(400);
      expect(behaviourCalls).toEqual([]);
    });

    it('refuses more events than the per-request limit', async () => {
      const events = Array.from({ length: 21 }, () => ({ name: 'page_view' }));
      expect((await post(server.baseUrl, '/api/web/behaviour', { visitorId: id(), events })).status).toBe(400);
    });
  });
});

describe('web channel rate limits', () => {
  let server: ChannelServer;
  afterEach(() => server.close());

  it('limits a flooding visitor without affecting another visitor', async () => {
    server = await startChannelServer({ config: { rateLimits: { visitor: { points: 5, durationSec: 60 }, ip: { points: 1000, durationSec: 60 } } } });
    const conversationId = id();
    const flooder = id();
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof post>> | undefined;
    for (let i = 0; i < 8; i++) {
      const sent = await post(server.baseUrl, `/api/web/conversations/${conversationId}/messages`, { visitorId: flooder, clientMessageId: id(), text: `spam ${i}` });
      statuses.push(sent.status);
      if (sent.status === 429) limited = sent;
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429, 429]);
    expect(limited!.json.error).toMatchObject({ code: 'rate_limited', details: { scope: 'visitor' } });
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await post(server.baseUrl, `/api/web/conversations/${id()}/messages`, { visitorId: id(), clientMessageId: id(), text: 'bonjour' });
    expect(other.status).toBe(202);
  });

  it('limits one IP across visitors', async () => {
    server = await startChannelServer({ config: { rateLimits: { visitor: { points: 100, durationSec: 60 }, ip: { points: 3, durationSec: 60 } } } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(server.baseUrl, '/api/web/behaviour', { visitorId: id(), events: [{ name: 'page_view' }] })).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
  });
});
