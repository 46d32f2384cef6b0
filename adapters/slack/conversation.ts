/**
 * Slack as a conversation channel: DMs to the app and mentions in channels run the same bot as
 * the website, through the shared ChannelAdapter; replies go out with chat.postMessage.
 */
import type { App, BlockAction, ButtonAction, webApi } from '@slack/bolt';
import type { TurnContext } from 'botbuilder';
import { LRUCache } from 'lru-cache';
import { ChannelAdapter } from '../core/channel-adapter.js';
import type { Logger } from '../../bot/log.js';
import { mrkdwnSection, safeText, truncate } from './blocks.js';
import { CHOICE_ACTION_PREFIX, placeOf, stripMention, toActivity, toSlackMessage, type InboundMessage, type SlackProfile } from './slack-activity.js';

export interface ConversationBot {
  run(context: TurnContext): Promise<void>;
}

export interface SlackConversationDeps {
  bot: ConversationBot;
  client: webApi.WebClient;
  logger: Logger;
}

/** Longest visitor message passed to the bot (Slack allows 40k characters). */
const MAX_TEXT = 4_000;

export class SlackConversations {
  private readonly adapter: ChannelAdapter;
  /** users.info answers, so a chatty visitor does not cost one API call per message. */
  private readonly profiles = new LRUCache<string, SlackProfile>({ max: 5_000, ttl: 10 * 60_000 });
  /** Turns of one conversation run one after the other, in arrival order. */
  private readonly turns = new Map<string, Promise<void>>();

  constructor(private readonly deps: SlackConversationDeps) {
    this.adapter = new ChannelAdapter(async (activity, reference) => {
      const message = toSlackMessage(activity);
      if (!message || !reference.conversation?.id) return;
      const place = placeOf(reference.conversation.id);
      const result = await deps.client.chat.postMessage({
        channel: place.channel,
        text: message.text,
        blocks: message.blocks,
        ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
      });
      return result.ts;
    });
    this.adapter.onTurnError = async (_context, err) => {
      deps.logger.error({ err }, 'slack turn failed');
    };
  }

  register(app: App): void {
    app.event('message', async ({ event, body, context }) => {
      // Only what a person typed in a DM: no edits, joins, bot posts (subtype), no channel chatter.
      if (event.subtype !== undefined || event.channel_type !== 'im' || event.bot_id || !event.user) return;
      await this.turn({
        team: body.team_id ?? event.team ?? '',
        user: event.user,
        channel: event.channel,
        ...(event.thread_ts ? { threadTs: event.thread_ts } : {}),
        text: event.text ?? '',
        isDirect: true,
        ...(context.botUserId ? { botUserId: context.botUserId } : {}),
      });
    });

    app.event('app_mention', async ({ event, body, context }) => {
      if (event.bot_id || !event.user) return;
      await this.turn({
        team: body.team_id ?? event.team ?? '',
        user: event.user,
        channel: event.channel,
        threadTs: event.thread_ts ?? event.ts,
        text: stripMention(event.text, context.botUserId),
        isDirect: false,
        ...(context.botUserId ? { botUserId: context.botUserId } : {}),
      });
    });

    app.action<BlockAction<ButtonAction>>(new RegExp(`^${CHOICE_ACTION_PREFIX}`), async ({ ack, body, action, client, context }) => {
      await ack();
      const channel = body.channel?.id ?? body.container?.channel_id;
      const ts = body.message?.ts ?? body.container?.message_ts;
      if (typeof channel !== 'string' || typeof action.value !== 'string') return;
      if (typeof ts === 'string') await this.markAnswered(client, channel, ts, body, action);
      const threadTs = body.message?.thread_ts ?? body.container?.thread_ts;
      await this.turn({
        team: body.team?.id ?? body.user.team_id ?? '',
        user: body.user.id,
        channel,
        ...(typeof threadTs === 'string' ? { threadTs } : {}),
        text: action.value,
        isDirect: channel.startsWith('D'),
        ...(context.botUserId ? { botUserId: context.botUserId } : {}),
      });
    });
  }

  private async turn(input: Omit<InboundMessage, 'profile'>): Promise<void> {
    const message: InboundMessage = { ...input, text: Array.from(input.text).slice(0, MAX_TEXT).join('') };
    const profile = await this.profile(message.user);
    if (profile) message.profile = profile;
    const activity = toActivity(message);
    const key = activity.conversation?.id ?? message.channel;
    const previous = this.turns.get(key) ?? Promise.resolve();
    const current = previous.then(() => this.adapter.processActivity(activity, (ctx) => this.deps.bot.run(ctx)));
    const tail = current.catch(() => undefined);
    this.turns.set(key, tail);
    try {
      await current;
    } finally {
      if (this.turns.get(key) === tail) this.turns.delete(key);
    }
  }

  /** E-mail (when the app has users:read.email), name and locale; none of it is required. */
  private async profile(user: string): Promise<SlackProfile | undefined> {
    const cached = this.profiles.get(user);
    if (cached) return cached;
    try {
      const info = await this.deps.client.users.info({ user, include_locale: true });
      const p = info.user?.profile;
      const profile: SlackProfile = {
        ...(p?.email ? { email: p.email.toLowerCase() } : {}),
        ...(p?.real_name || info.user?.real_name ? { name: p?.real_name || info.user?.real_name } : {}),
        ...(info.user?.locale ? { locale: info.user.locale } : {}),
      };
      this.profiles.set(user, profile);
      return profile;
    } catch (err) {
      this.deps.logger.warn({ err }, 'users.info failed; continuing without the Slack profile');
      return undefined;
    }
  }

  /** Replace the buttons of an answered prompt by the answer, so it cannot be clicked twice. */
  private async markAnswered(client: webApi.WebClient, channel: string, ts: string, body: BlockAction, action: ButtonAction): Promise<void> {
    const question = body.message?.text ?? '';
    const answer = action.text?.text ?? action.value ?? '';
    try {
      await client.chat.update({
        channel,
        ts,
        text: question,
        // The question is our own, already escaped text; the answer is a label we escape now.
        blocks: [mrkdwnSection(`${truncate(question, 2500)}\n> ${safeText(answer, 200)}`)],
      });
    } catch (err) {
      this.deps.logger.warn({ err }, 'could not update the answered prompt');
    }
  }
}
