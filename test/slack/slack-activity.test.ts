/** The pure Slack ↔ activity mapping: which message events reach the bot, and the prompt metadata. */
import { describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { messageKind, promptMetadataOf, toSlackMessage } from '../../adapters/slack/slack-activity.js';

const BOT = 'U0BOT';

describe('messageKind', () => {
  const reply = { user: 'U1', text: 'ok', ts: '1700000001.000200', thread_ts: '1700000000.000100', channel_type: 'channel' };

  it('takes DMs and thread replies, leaves the rest', () => {
    expect(messageKind({ user: 'U1', text: 'hi', channel_type: 'im' }, BOT)).toBe('direct');
    expect(messageKind(reply, BOT)).toBe('thread-reply');
    expect(messageKind({ ...reply, channel_type: 'group' }, BOT)).toBe('thread-reply');
    expect(messageKind({ ...reply, subtype: 'thread_broadcast' }, BOT)).toBe('thread-reply');
    expect(messageKind({ ...reply, thread_ts: undefined }, BOT)).toBeNull();
    expect(messageKind({ ...reply, ts: reply.thread_ts }, BOT)).toBeNull();
    expect(messageKind({ ...reply, subtype: 'message_changed' }, BOT)).toBeNull();
    expect(messageKind({ ...reply, bot_id: 'B1' }, BOT)).toBeNull();
    expect(messageKind({ ...reply, user: undefined }, BOT)).toBeNull();
    expect(messageKind({ ...reply, channel_type: 'app_home' }, BOT)).toBeNull();
    expect(messageKind({ user: 'U1', text: 'hi', channel_type: 'im', subtype: 'message_deleted' }, BOT)).toBeNull();
  });

  it('leaves replies that mention the bot to app_mention, and everything when the bot id is unknown', () => {
    expect(messageKind({ ...reply, text: `<@${BOT}> again` }, BOT)).toBeNull();
    expect(messageKind({ ...reply, text: `<@${BOT}|leadq> again` }, BOT)).toBeNull();
    expect(messageKind({ ...reply, text: '<@U0OTHER> see this' }, BOT)).toBe('thread-reply');
    expect(messageKind(reply, undefined)).toBeNull();
  });
});

describe('promptMetadataOf', () => {
  const ask = (prompt: unknown, extra: Partial<Activity> = {}): Partial<Activity> => ({
    type: 'message',
    text: 'Q?',
    inputHint: 'expectingInput',
    channelData: { prompt },
    ...extra,
  });

  it('carries slot, kind and choices ({value, label}) of a question', () => {
    expect(promptMetadataOf(ask({ slot: 'email', kind: 'email' }))).toEqual({ event_type: 'leadq_prompt', event_payload: { slot: 'email', kind: 'email' } });
    const choices = [{ value: 'yes', label: 'Oui' }, { value: 'no', label: 'Non' }];
    expect(promptMetadataOf(ask({ slot: 'consent', kind: 'confirm', choices }))?.event_payload).toEqual({ slot: 'consent', kind: 'confirm', choices });
  });

  it('has none for messages that ask nothing or a malformed prompt', () => {
    expect(promptMetadataOf({ type: 'message', text: 'Thanks!' })).toBeUndefined();
    expect(promptMetadataOf(ask({ slot: 'email', kind: 'email' }, { inputHint: 'acceptingInput' }))).toBeUndefined();
    expect(promptMetadataOf(ask({ slot: { $gt: '' }, kind: 'text' }))).toBeUndefined();
    expect(promptMetadataOf(ask(null))).toBeUndefined();
    expect(promptMetadataOf(ask('slot'))).toBeUndefined();
  });

  it('keeps only the contract fields, as bounded strings, whatever the prompt holds', () => {
    const hostile = JSON.parse(
      `{"slot":"${'s'.repeat(10_000)}","kind":"text","__proto__":{"polluted":true},"extra":{"$where":"1"},"choices":[{"value":{"$gt":""},"label":"<b>x</b>"},{"value":"${'v'.repeat(5000)}"},"😈",7,null]}`,
    ) as unknown;
    const meta = promptMetadataOf(ask(hostile));
    expect(Object.keys(meta?.event_payload ?? {})).toEqual(['slot', 'kind', 'choices']);
    expect(Array.from(meta?.event_payload.slot ?? '').length).toBeLessThanOrEqual(100);
    // Non-string values are dropped; labels stay raw text (metadata is data, never rendered as mrkdwn).
    const long = `${'v'.repeat(199)}…`;
    expect(meta?.event_payload.choices).toEqual([
      { value: long, label: long },
      { value: '😈', label: '😈' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('is attached by toSlackMessage', () => {
    const message = toSlackMessage(ask({ slot: 'timeline', kind: 'choice', choices: [{ value: 'now', label: 'Now' }] }));
    expect(message?.metadata?.event_payload).toEqual({ slot: 'timeline', kind: 'choice', choices: [{ value: 'now', label: 'Now' }] });
  });
});
