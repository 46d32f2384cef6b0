/**
 * Slack side of a live hand-off: **Join the conversation** (on the MQL alert and on a visitor's
 * request for a person), **Leave**, and the rep's messages in the alert's thread, which go to the
 * visitor. The decisions are HandoffService's; this file reads Slack's payloads and answers in Slack.
 */
import type { App, BlockAction, ButtonAction, webApi } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import type { HandoffService, JoinTarget } from '../../bot/handoff/handoff-service.js';
import { conversationKey, parseConversationKey, type ConversationRef, type RepProfile, type RepThread } from '../../bot/handoff/sessions.js';
import type { Logger } from '../../core/log.js';
import { button, buttonValueObject, mrkdwnSection, safeText } from './blocks.js';

export const ACTION_JOIN = 'join_conversation';
export const ACTION_LEAVE = 'leave_conversation';

const SLACK_ID = /^[A-Z0-9]{1,40}$/;
const SLACK_TS = /^\d{1,12}\.\d{1,8}$/;

export interface HandoffActionsDeps {
  handoff: HandoffService;
  logger: Logger;
}

/** Join button value: the lead (MQL alert, via its AlertRef) or the conversation (request alert). */
export function decodeJoinTarget(value: unknown): JoinTarget | null {
  const parsed = buttonValueObject(value);
  if (!parsed) return null;
  const { leadId, conversation } = parsed;
  if (typeof leadId === 'string' && leadId.length > 0 && leadId.length <= 200) return { leadId };
  const ref = parseConversationKey(conversation);
  return ref ? { conversation: ref } : null;
}

export function encodeConversationTarget(ref: ConversationRef): string {
  return JSON.stringify({ conversation: conversationKey(ref) });
}

export function registerHandoffActions(app: App, deps: HandoffActionsDeps): void {
  const reps = new RepProfiles(deps.logger);

  app.action<BlockAction<ButtonAction>>(ACTION_JOIN, async ({ ack, body, action, client }) => {
    await ack();
    const target = decodeJoinTarget(action.value);
    const channel = body.channel?.id ?? body.container?.channel_id;
    const ts = body.message?.thread_ts ?? body.message?.ts ?? body.container?.thread_ts ?? body.container?.message_ts;
    if (!target || typeof channel !== 'string' || typeof ts !== 'string') return;
    const thread: RepThread = { channel, ts };
    const rep = await reps.of(client, body.user.id);
    const joined = await deps.handoff.join(target, rep, thread);
    const tell = (text: string) => client.chat.postEphemeral({ channel, user: body.user.id, text, thread_ts: ts });
    switch (joined.outcome) {
      case 'taken':
        return void (await tell(`<@${safeText(joined.rep.id, 40)}> is already in this conversation with the visitor.`));
      case 'already-in':
        return void (await tell('You are already in this conversation: write in this thread to talk to the visitor.'));
      case 'no-conversation':
        return void (await tell("This visitor's conversation cannot be found: they have not chatted on a channel leadq can reach."));
      case 'joined': {
        const leave = button('👋 Leave', ACTION_LEAVE, encodeConversationTarget(joined.session), 'danger');
        await client.chat.postMessage({
          channel,
          thread_ts: ts,
          text: `<@${body.user.id}> joined the conversation.`,
          blocks: [
            mrkdwnSection(`🟢 <@${body.user.id}> joined the conversation. Everything you write in this thread goes to the visitor, and their messages come here. *Leave* hands them back to the bot.`),
            { type: 'actions', elements: [leave] },
          ],
        });
      }
    }
  });

  app.action<BlockAction<ButtonAction>>(ACTION_LEAVE, async ({ ack, body, action, client }) => {
    await ack();
    const target = decodeJoinTarget(action.value);
    const channel = body.channel?.id ?? body.container?.channel_id;
    if (!target || typeof channel !== 'string') return;
    const left = await deps.handoff.leave(target, body.user.id);
    const threadTs = body.message?.thread_ts ?? body.message?.ts;
    const text = leaveAnswer(left.outcome, body.user.id);
    await client.chat.postMessage({ channel, text, ...(typeof threadTs === 'string' ? { thread_ts: threadTs } : {}) });
  });

  // A reply in a thread: the joined rep's words go to the visitor. Mentions of the bot and bot posts are not the rep talking.
  app.event('message', async ({ event, context }) => {
    const e = event as { subtype?: string; bot_id?: string; user?: string; text?: string; ts?: string; thread_ts?: string; channel?: string };
    if (e.bot_id || (e.subtype !== undefined && e.subtype !== 'thread_broadcast')) return;
    if (!e.user || !e.channel || !e.ts || !e.thread_ts || e.thread_ts === e.ts || typeof e.text !== 'string') return;
    if (context.botUserId && e.user === context.botUserId) return;
    if (!SLACK_ID.test(e.channel) || !SLACK_TS.test(e.thread_ts) || !SLACK_TS.test(e.ts)) return;
    const outcome = await deps.handoff.repSays({ channel: e.channel, ts: e.thread_ts }, e.user, e.text, `${e.channel}:${e.ts}`);
    if (outcome !== 'delivered' && outcome !== 'not-a-handoff-thread') deps.logger.debug({ outcome, channel: e.channel }, 'thread message not relayed to a visitor');
  });
}

/** What `/leads leave` and the Leave button answer. */
export function leaveAnswer(outcome: 'left' | 'not-live' | 'no-conversation', user: string): string {
  if (outcome === 'left') return `👋 <@${user}> handed the visitor back to the bot, which picks up where the script was.`;
  if (outcome === 'not-live') return 'Nobody from sales is in this conversation: the bot is already answering.';
  return 'No conversation found for that lead or conversation id.';
}

/** Parses `/leads leave <lead id | conversation key>`. */
export function leaveTarget(text: string): JoinTarget | null {
  const arg = text.trim();
  if (!arg || arg.length > 400) return null;
  const ref = parseConversationKey(arg);
  if (ref && (ref.channel === 'web' || ref.channel === 'slack')) return { conversation: ref };
  return /^[A-Za-z0-9_-]{1,200}$/.test(arg) ? { leadId: arg } : null;
}

/** Name and avatar of a rep (users.info), cached: they show in the visitor's widget. */
class RepProfiles {
  private readonly cache = new LRUCache<string, RepProfile>({ max: 500, ttl: 60 * 60_000 });

  constructor(private readonly logger: Logger) {}

  async of(client: webApi.WebClient, user: string): Promise<RepProfile> {
    const cached = this.cache.get(user);
    if (cached) return cached;
    try {
      const info = await client.users.info({ user });
      const p = info.user?.profile;
      const name = p?.first_name || p?.display_name || (p?.real_name ?? info.user?.real_name)?.split(' ')[0] || info.user?.name || user;
      const profile: RepProfile = { id: user, name: name.slice(0, 80), ...(p?.image_72 ? { avatarUrl: p.image_72 } : {}) };
      this.cache.set(user, profile);
      return profile;
    } catch (err) {
      this.logger.warn({ err, user }, 'users.info failed; the visitor sees the rep without a name');
      return { id: user, name: 'Sales' };
    }
  }
}
