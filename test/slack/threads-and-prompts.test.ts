/**
 * Slack as a conversation channel, over signed events: a question carries its prompt (slot, kind,
 * choices) in the message metadata; a mention in a channel opens a thread conversation that the
 * same person continues without mentioning the bot again, across a restart; other threads, other
 * people and mentions (handled once, as app_mention) are not taken as follow-ups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_BOT_USER, FAKE_TEAM } from './support/fake-slack-api.js';
import { startHarness, type Harness } from './support/harness.js';
import { directMessage, eventCallback, sendToSlackEndpoint } from './support/slack-requests.js';

let tsSeq = 0;
const nextTs = (): string => `${Math.floor(Date.now() / 1000)}.${String(++tsSeq).padStart(6, '0')}`;

function mention(user: string, text: string, channel: string, ts: string, threadTs?: string): Record<string, unknown> {
  return { type: 'app_mention', user, text: `<@${FAKE_BOT_USER}> ${text}`, ts, event_ts: ts, channel, team: FAKE_TEAM, ...(threadTs ? { thread_ts: threadTs } : {}) };
}

function channelMessage(user: string, text: string, channel: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const ts = nextTs();
  return { type: 'message', user, text, ts, event_ts: ts, channel, channel_type: 'channel', team: FAKE_TEAM, ...extra };
}

async function send(h: Harness, event: Record<string, unknown>): Promise<void> {
  const res = await sendToSlackEndpoint(h.baseUrl, eventCallback(event));
  expect(res.status).toBe(200);
}

describe('Slack conversations: prompts in metadata, thread follow-ups', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('puts channelData.prompt into the message metadata (event_type leadq_prompt); plain messages have none', async () => {
    await send(h, directMessage('U0VISITOR', 'start', 'D0META'));
    const question = h.slack.messages.find((m) => m.channel === 'D0META' && m.text === 'When does your project start?');
    expect(question?.metadata).toEqual({
      event_type: 'leadq_prompt',
      event_payload: { slot: 'timeline', kind: 'choice', choices: [{ value: 'Now', label: 'Now' }, { value: 'In 6 months', label: 'In 6 months' }] },
    });
    await send(h, directMessage('U0VISITOR', 'hello', 'D0META'));
    const echo = h.slack.messages.find((m) => m.channel === 'D0META' && m.text === 'You said: hello');
    expect(echo).toBeDefined();
    expect(echo?.metadata).toBeUndefined();
  });

  it('continues a conversation started by a mention when the same person replies in its thread', async () => {
    const root = nextTs();
    await send(h, mention('U0ALICE', 'start', 'C0COMMUNITY', root));
    const question = h.slack.messages.find((m) => m.channel === 'C0COMMUNITY' && m.thread_ts === root);
    expect(question?.metadata?.event_payload.slot).toBe('timeline');

    await send(h, channelMessage('U0ALICE', 'Now', 'C0COMMUNITY', { thread_ts: root }));
    const reply = h.slack.messages.find((m) => m.channel === 'C0COMMUNITY' && m.thread_ts === root && m.text === 'You said: Now');
    expect(reply).toBeDefined();
    expect(h.bot.seen.at(-1)).toMatchObject({ text: 'Now', conversationId: `C0COMMUNITY:${root}`, fromId: `${FAKE_TEAM}:U0ALICE` });
  });

  it('ignores other threads, other people in the thread, top-level chatter and bot posts', async () => {
    const root = nextTs();
    await send(h, mention('U0ALICE', 'hello', 'C0COMMUNITY', root));
    const before = h.bot.seen.length;
    await send(h, channelMessage('U0ALICE', 'in a thread the bot is not in', 'C0COMMUNITY', { thread_ts: '1700000000.000100' }));
    await send(h, channelMessage('U0BOB', 'bob chatting in the thread', 'C0COMMUNITY', { thread_ts: root }));
    await send(h, channelMessage('U0ALICE', 'top-level chatter', 'C0COMMUNITY'));
    await send(h, channelMessage('U0ALICE', 'a bot in the thread', 'C0COMMUNITY', { thread_ts: root, bot_id: 'B0OTHER' }));
    await send(h, channelMessage('U0ALICE', 'edited', 'C0COMMUNITY', { thread_ts: root, subtype: 'message_changed' }));
    await send(h, channelMessage('U0ALICE', 'same thread, other channel', 'C0ELSEWHERE', { thread_ts: root }));
    expect(h.bot.seen.length).toBe(before);
    // Once Bob mentions the bot there, his replies are follow-ups too.
    await send(h, mention('U0BOB', 'me too', 'C0COMMUNITY', nextTs(), root));
    await send(h, channelMessage('U0BOB', 'bob follows up', 'C0COMMUNITY', { thread_ts: root }));
    expect(h.bot.seen.slice(before).map((s) => s.text)).toEqual(['me too', 'bob follows up']);
  });

  it('runs a reply that mentions the bot once (app_mention), not again as a follow-up', async () => {
    const root = nextTs();
    await send(h, mention('U0ALICE', 'hello', 'C0COMMUNITY', root));
    const ts = nextTs();
    // Slack sends both events for one message that mentions the app in a thread.
    await send(h, mention('U0ALICE', 'once please', 'C0COMMUNITY', ts, root));
    await send(h, { ...channelMessage('U0ALICE', `<@${FAKE_BOT_USER}> once please`, 'C0COMMUNITY', { thread_ts: root }), ts, event_ts: ts });
    expect(h.bot.seen.filter((s) => s.text === 'once please')).toHaveLength(1);
  });

  it('takes a reply also sent to the channel (thread_broadcast) and hostile text as a follow-up, as plain text', async () => {
    const root = nextTs();
    await send(h, mention('U0ALICE', 'hello', 'C0COMMUNITY', root));
    const hostile = `<!channel> <script>x</script> {"$gt": ""} ${'😈'.repeat(4000)}`;
    const event = { ...channelMessage('U0ALICE', hostile, 'C0COMMUNITY', { thread_ts: root, subtype: 'thread_broadcast' }), __proto__: { polluted: true } };
    const res = await sendToSlackEndpoint(h.baseUrl, eventCallback(event));
    expect(res.status).toBe(200);
    const reply = h.slack.callsTo('chat.postMessage').find((c) => c.args.thread_ts === root && String(c.args.text).includes('script'));
    expect(reply).toBeDefined();
    expect(String(reply?.args.text)).not.toMatch(/<script>|<!channel>/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('knows the thread on another replica of the same store (shared state, not memory)', async () => {
    const root = nextTs();
    await send(h, mention('U0ALICE', 'hello', 'C0REPLICA', root));
    const replica = await startHarness({ store: h.store });
    try {
      await send(replica, channelMessage('U0ALICE', 'on the other replica', 'C0REPLICA', { thread_ts: root }));
      expect(replica.bot.seen.map((s) => s.text)).toEqual(['on the other replica']);
      expect(replica.slack.callsTo('chat.postMessage').map((c) => c.args.thread_ts)).toEqual([root]);
    } finally {
      await replica.close();
    }
  });
});
