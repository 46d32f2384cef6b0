/**
 * Several bot processes behind a load balancer without sticky sessions: two web channels on two
 * restify servers over one store (the embedded store is single-process, so the instance is
 * shared). A stream on one replica must get what the other replica wrote, once and in order.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConversationLog, conversationStateKey, type ConversationRecord } from '../../adapters/web/conversation-log.js';
import type { WidgetMessage } from '../../adapters/web/protocol.js';
import type { Store } from '../../core/ports/store.js';
import { openStore } from '../../data/open-store.js';
import { startChannelServer, type ChannelServer } from './channel-server.js';
import { followSse, readSse, type SseEvent, type SseFollower } from './sse-client.js';
import { TEST_DONE, TEST_QUESTIONS, TestQualificationBot } from './test-bot.js';

const id = (): string => randomBytes(12).toString('hex');
const messages = (events: SseEvent[]): WidgetMessage[] => events.filter((e) => e.event === 'message').map((e) => e.data as WidgetMessage);
const seqs = (events: SseEvent[]): number[] => messages(events).map((m) => m.seq);
const isReady = (events: SseEvent[]): boolean => events.some((e) => e.event === 'ready');
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Five answers, hostile on purpose: they travel through the store to the other replica. */
const ANSWERS = ['Jeanne <img src=x onerror=alert(1)>', '{"$gt": ""}', '😀 <script>alert(1)</script> 0601020304', '__proto__', 'Oui'];
/** Greeting + first question, then per answer: the answer, "Noté : …", the next question (or the closing line). */
const TOTAL = 2 + 3 * ANSWERS.length;

async function post(base: string, path: string, body: unknown): Promise<number> {
  const response = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await response.arrayBuffer();
  return response.status;
}

const eventsUrl = (base: string, conversationId: string, visitorId: string, after: number | string = 0): string =>
  `${base}/api/web/conversations/${conversationId}/events?visitorId=${visitorId}&after=${after}`;

describe('web channel across replicas (shared store, no sticky sessions)', () => {
  let dataDir: string;
  let store: Store;
  let a: ChannelServer;
  let b: ChannelServer;
  const followers: SseFollower[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-web-replicas-'));
    store = await openStore({ dataDir });
    // Dialog progress lives in the bot here (the real bot keeps it in the store): one bot for both replicas.
    const bot = new TestQualificationBot();
    const config = { replicas: { pollIntervalMs: 100, gapGraceMs: 3000 } };
    [a, b] = await Promise.all([startChannelServer({ bot, store, config }), startChannelServer({ bot, store, config })]);
  });
  afterEach(() => followers.splice(0).forEach((f) => f.close()));
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await store?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  function follow(url: string, headers?: Record<string, string>): SseFollower {
    const follower = followSse(url, headers);
    followers.push(follower);
    return follower;
  }

  /** Start on `replicas[0]`, then post answer i to `replicas[i % n]`, waiting each time until every stream has the bot's reply. */
  async function converse(replicas: ChannelServer[], streams: SseFollower[], conversationId: string, visitorId: string): Promise<void> {
    const until = (count: number) => Promise.all(streams.map((s) => s.waitFor((ev) => messages(ev).length >= count)));
    expect(await post(replicas[0]!.baseUrl, `/api/web/conversations/${conversationId}/start`, { visitorId, clientMessageId: id(), locale: 'fr' })).toBe(202);
    await until(2);
    for (const [i, text] of ANSWERS.entries()) {
      const replica = replicas[i % replicas.length]!;
      expect(await post(replica.baseUrl, `/api/web/conversations/${conversationId}/messages`, { visitorId, clientMessageId: id(), text })).toBe(202);
      await until(2 + 3 * (i + 1));
    }
  }

  it('a visitor posting to A and listening on B gets every message once, in order, with prompts and text intact', async () => {
    const conversationId = id();
    const visitorId = id();
    const onB = follow(eventsUrl(b.baseUrl, conversationId, visitorId));
    await onB.waitFor(isReady);
    await converse([a], [onB], conversationId, visitorId);

    expect(seqs(onB.events)).toEqual(range(1, TOTAL));
    const received = messages(onB.events);
    expect(received.filter((m) => m.from === 'user').map((m) => m.text)).toEqual(ANSWERS);
    expect(received.at(-1)!.text).toBe(TEST_DONE);
    // Each question reached B while it was the latest one, so it carries its input kind and choices.
    const questions = received.filter((m) => TEST_QUESTIONS.some((q) => q.text === m.text));
    expect(questions.map((m) => m.prompt?.slot)).toEqual(TEST_QUESTIONS.map((q) => q.slot));
    expect(questions.find((m) => m.prompt?.slot === 'project')?.quickReplies?.map((q) => q.value)).toEqual(TEST_QUESTIONS[3]!.choices);
    // The visitor's retry-safe ids come through the store too.
    expect(received.filter((m) => m.from === 'user').every((m) => typeof m.clientMessageId === 'string')).toBe(true);
    expect(onB.events.filter((e) => e.event === 'message').map((e) => e.id)).toEqual(range(1, TOTAL).map(String));
  });

  it('messages posted alternately to A and B reach open streams on both replicas, once and in order', async () => {
    const conversationId = id();
    const visitorId = id();
    const onA = follow(eventsUrl(a.baseUrl, conversationId, visitorId));
    const onB = follow(eventsUrl(b.baseUrl, conversationId, visitorId));
    await Promise.all([onA.waitFor(isReady), onB.waitFor(isReady)]);
    await converse([a, b], [onA, onB], conversationId, visitorId);
    expect(seqs(onA.events)).toEqual(range(1, TOTAL));
    expect(seqs(onB.events)).toEqual(range(1, TOTAL));
    expect(messages(onA.events).map((m) => m.text)).toEqual(messages(onB.events).map((m) => m.text));
  });

  it('a reconnect to the other replica resumes after the watermark; hostile watermarks replay everything', async () => {
    const conversationId = id();
    const visitorId = id();
    const onA = follow(eventsUrl(a.baseUrl, conversationId, visitorId));
    await onA.waitFor(isReady);
    await converse([a], [onA], conversationId, visitorId);
    const resumed = await readSse(eventsUrl(b.baseUrl, conversationId, visitorId), { headers: { 'last-event-id': String(TOTAL - 2) }, until: isReady });
    expect(seqs(resumed)).toEqual([TOTAL - 1, TOTAL]);
    for (const hostile of ['{"$gt": ""}', '-1', '1e309', '9'.repeat(40), '__proto__']) {
      const replay = await readSse(eventsUrl(b.baseUrl, conversationId, visitorId, encodeURIComponent(hostile)), { headers: { 'last-event-id': hostile }, until: isReady });
      expect(seqs(replay)).toEqual(range(1, TOTAL));
    }
  });

  it('a stream on B refuses another visitor, as on A', async () => {
    const conversationId = id();
    const visitorId = id();
    expect(await post(a.baseUrl, `/api/web/conversations/${conversationId}/start`, { visitorId, clientMessageId: id() })).toBe(202);
    const response = await fetch(eventsUrl(b.baseUrl, conversationId, id()));
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('conversation_forbidden');
  });
});

describe('web stream ordering when a seq is handed out before its message is stored', () => {
  let server: ChannelServer;
  const followers: SseFollower[] = [];
  afterEach(async () => {
    followers.splice(0).forEach((f) => f.close());
    await server.close();
  });

  /** A conversation with its greeting and first question (seqs 1 and 2), a stream open on it. */
  async function openConversation(gapGraceMs: number): Promise<{ conversationId: string; visitorId: string; stream: SseFollower; log: ConversationLog }> {
    server = await startChannelServer({ config: { replicas: { pollIntervalMs: 50, gapGraceMs } } });
    const conversationId = id();
    const visitorId = id();
    const stream = followSse(eventsUrl(server.baseUrl, conversationId, visitorId));
    followers.push(stream);
    await stream.waitFor(isReady);
    expect(await post(server.baseUrl, `/api/web/conversations/${conversationId}/start`, { visitorId, clientMessageId: id() })).toBe(202);
    await stream.waitFor((ev) => messages(ev).length >= 2);
    return { conversationId, visitorId, stream, log: new ConversationLog(server.store) };
  }

  /** What another replica does first when it sends a message: take the next seq (its transcript entry comes after). */
  async function takeSeq(conversationId: string): Promise<number> {
    const key = conversationStateKey(conversationId);
    const stored = (await server.store.webConversations.read<ConversationRecord>(key))!;
    const seq = stored.value.lastSeq + 1;
    await server.store.webConversations.write(key, { ...stored.value, lastSeq: seq }, stored.eTag);
    return seq;
  }

  it('holds a later message until the hole fills, then sends both in seq order', async () => {
    const { conversationId, stream, log } = await openConversation(10_000);
    const slow = await takeSeq(conversationId);
    const later = await log.appendBotMessage(conversationId, { text: 'written by a fast replica' });
    expect(later.seq).toBe(slow + 1);
    // Several polls see seq 4 in the store; none may send it before seq 3.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(seqs(stream.events)).toEqual([1, 2]);
    await server.store.transcripts.append({ conversationId, from: 'bot', text: 'written by a slow replica', at: new Date(), seq: slow });
    await stream.waitFor((ev) => messages(ev).length >= 4);
    expect(messages(stream.events).slice(2).map((m) => [m.seq, m.text])).toEqual([
      [3, 'written by a slow replica'],
      [4, 'written by a fast replica'],
    ]);
  });

  it('skips a hole that never fills after the grace, and at once on a replay when the next message is old', async () => {
    const { conversationId, visitorId, stream, log } = await openConversation(300);
    await takeSeq(conversationId); // the writer of seq 3 "crashes" before storing it
    await log.appendBotMessage(conversationId, { text: 'after the lost message' });
    await stream.waitFor((ev) => messages(ev).length >= 3);
    expect(seqs(stream.events)).toEqual([1, 2, 4]);
    const replay = await readSse(eventsUrl(server.baseUrl, conversationId, visitorId), { until: isReady });
    expect(seqs(replay)).toEqual([1, 2, 4]);
    expect(replay.find((e) => e.event === 'ready')?.data).toEqual({ watermark: 4 });
  });
});
