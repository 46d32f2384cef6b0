/**
 * A turn that fails after the visitor's message was accepted (the store refusing a write
 * mid-turn): the open streams get a `notice` with the bot's polite request to send it again, the
 * message stays in the conversation, and sending it again is processed normally.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WidgetMessage } from '../../adapters/web/protocol.js';
import { startChannelServer, type ChannelServer } from './channel-server.js';
import { followSse, type SseEvent } from './sse-client.js';
import { TEST_QUESTIONS, TEST_TURN_FAILED, TestQualificationBot } from './test-bot.js';

const id = (): string => randomBytes(12).toString('hex');
const messages = (events: SseEvent[]): WidgetMessage[] => events.filter((e) => e.event === 'message').map((e) => e.data as WidgetMessage);

let server: ChannelServer;
const bot = new TestQualificationBot();
beforeAll(async () => {
  server = await startChannelServer({ bot });
});
afterAll(() => server.close());

async function post(conversationId: string, route: 'start' | 'messages', body: Record<string, unknown>): Promise<{ seq?: number }> {
  const res = await fetch(`${server.baseUrl}/api/web/conversations/${conversationId}/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientMessageId: id(), locale: 'fr', ...body }) });
  expect(res.status).toBe(202);
  return (await res.json()) as { seq?: number };
}

describe('a turn failing after the message was accepted', () => {
  it('tells the open streams to send it again, and the message sent again is answered', async () => {
    const conversationId = id();
    const visitorId = id();
    const stream = followSse(`${server.baseUrl}/api/web/conversations/${conversationId}/events?visitorId=${visitorId}&after=0`);
    try {
      await stream.waitFor((ev) => ev.some((e) => e.event === 'ready'));
      await post(conversationId, 'start', { visitorId });
      await stream.waitFor((ev) => messages(ev).some((m) => m.prompt?.slot === TEST_QUESTIONS[0]!.slot));

      bot.failing.add('Camille Martin');
      const { seq } = await post(conversationId, 'messages', { visitorId, text: 'Camille Martin' });
      const notice = (await stream.waitFor((ev) => ev.some((e) => e.event === 'notice'))).find((e) => e.event === 'notice');
      expect(notice?.data).toEqual({ text: TEST_TURN_FAILED });
      // The message is part of the conversation; the bot never took it.
      expect(messages(stream.events).find((m) => m.seq === seq)).toMatchObject({ from: 'user', text: 'Camille Martin' });
      expect(bot.received).not.toContain('Camille Martin');

      bot.failing.clear();
      await post(conversationId, 'messages', { visitorId, text: 'Camille Martin' });
      await stream.waitFor((ev) => messages(ev).some((m) => m.prompt?.slot === TEST_QUESTIONS[1]!.slot));
      expect(bot.received.filter((text) => text === 'Camille Martin')).toHaveLength(1);
      expect(stream.events.filter((e) => e.event === 'notice')).toHaveLength(1);
    } finally {
      stream.close();
    }
  });
});
