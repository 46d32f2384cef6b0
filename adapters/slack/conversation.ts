/**
 * Slack as a conversation channel: DMs to the app, mentions in channels and the mentioning person's
 * later replies in that thread run the same bot as the website, through the shared ChannelAdapter;
 * replies go out with chat.postMessage, a question's prompt in the message metadata.
 *
 * A turn that fails before its replies went out committed nothing (the bot's turns are
 * transactional): the error reaches the receiver, which lets Slack's retry run it again. Once a
 * reply went out the state is saved, so a later failure is only logged: a rerun would answer the
 * next question with this message.
 */
import { randomUUID } from 'node:crypto';
import type { App, BlockAction, ButtonAction, webApi } from '@slack/bolt';
import type { Activity } from 'botbuilder';
import { LRUCache } from 'lru-cache';
import type { TurnBot } from '../../bot/turn/turn-bot.js';
import { conversationKey, TurnQueue } from '../../bot/turn/turn-queue.js';
import { ChannelAdapter } from '../core/channel-adapter.js';
import type { Logger } from '../../core/log.js';
import { mrkdwnSection, safeText, truncate } from './blocks.js';
import type { BotThreads } from './bot-threads.js';
import {
  CHOICE_ACTION_PREFIX,
  messageKind,
  placeOf,
  stripMention,
  toActivity,
  toSlackMessage,
  type InboundMessage,
  type SlackProfile,
} from './slack-activity.js';

export interface SlackConversationDeps {
  bot: Pick<TurnBot, 'run'>;
  /** The turn queue shared by every channel (one is made when not given). */
  turns?: TurnQueue;
  client: webApi.WebClient;
  threads: BotThreads;
  logger: Logger;
}

/** Longest visitor message passed to the bot (Slack allows 40k characters). */
const MAX_TEXT = 4_000;

export class SlackConversations {
  private readonly adapter: ChannelAdapter;
  /** users.info answers, so a chatty visitor does not cost one API call per message. */
  private readonly profiles = new LRUCache<string, SlackProfile>({ max: 5_000, ttl: 10 * 60_000 });
  /** Turns of one conversation run one after the other, in arrival order. */
  private readonly turns: TurnQueue;
  /** Inbound activity ids whose turn has started sending replies, i.e. has committed its state. */
  private readonly committed = new Set<string>();

  constructor(private readonly deps: SlackConversationDeps) {
    this.turns = deps.turns ?? new TurnQueue();
    // No onTurnError: a failed turn must reach turn() (see the module comment).
    this.adapter = new ChannelAdapter(async (activities, reference) => {
      if (reference.activityId) this.committed.add(reference.activityId);
      const ids: (string | undefined)[] = [];
      for (const activity of activities) ids.push(await this.post(activity, reference.conversation?.id));
      return ids;
    });
  }

  /** Posts one reply to the conversation's channel or thread; its ts. */
  private async post(activity: Partial<Activity>, conversationId: string | undefined): Promise<string | undefined> {
    const message = toSlackMessage(activity);
    if (!message || !conversationId) return undefined;
    const place = placeOf(conversationId);
    // Built untyped: the SDK's union of argument shapes does not narrow over optional spreads.
    const args = {
      channel: place.channel,
      text: message.text,
      blocks: message.blocks,
      ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
      ...(message.metadata ? { metadata: message.metadata } : {}),
    } as webApi.ChatPostMessageArguments;
    const result = await this.deps.client.chat.postMessage(args);
    return result.ts;
  }

  register(app: App): void {
    app.event('message', async ({ event, body, context }) => {
      const kind = messageKind(event, context.botUserId);
      if (!kind || !('user' in event) || typeof event.user !== 'string') return;
      const threadTs = 'thread_ts' in event && typeof event.thread_ts === 'string' ? event.thread_ts : undefined;
      if (kind === 'thread-reply' && !(threadTs && (await this.deps.threads.converses(event.channel, threadTs, event.user)))) return;
      await this.turn({
        team: body.team_id ?? ('team' in event && typeof event.team === 'string' ? event.team : ''),
        user: event.user,
        channel: event.channel,
        ...(threadTs ? { threadTs } : {}),
        text: 'text' in event && typeof event.text === 'string' ? event.text : '',
        isDirect: kind === 'direct',
        ...(context.botUserId ? { botUserId: context.botUserId } : {}),
      });
    });

    app.event('app_mention', async ({ event, body, context }) => {
      if (event.bot_id || !event.user) return;
      const threadTs = event.thread_ts ?? event.ts;
      try {
        await this.deps.threads.join(event.channel, threadTs, event.user, body.team_id ?? event.team ?? '');
      } catch (err) {
        // The mention itself still gets its answer; only replies without a mention would be missed.
        this.deps.logger.warn({ err }, 'could not record the Slack thread; follow-ups will need a mention');
      }
      await this.turn({
        team: body.team_id ?? event.team ?? '',
        user: event.user,
        channel: event.channel,
        threadTs,
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

  /**
   * Run the bot on a named event in a visitor's Slack conversation (e.g. resume after a hand-off),
   * queued after that conversation's turns; replies go out as usual.
   */
  async runEvent(conversationId: string, visitorId: string, name: string): Promise<void> {
    const [team = '', user = ''] = visitorId.replace(/^slack:/, '').split(':');
    const place = placeOf(conversationId);
    const activity = {
      ...toActivity({ ...place, team, user, text: '', isDirect: place.channel.startsWith('D') }),
      type: 'event',
      name,
      id: randomUUID(),
    };
    await this.queue(conversationId, activity);
  }

  private async turn(input: Omit<InboundMessage, 'profile'>): Promise<void> {
    const message: InboundMessage = { ...input, text: Array.from(input.text).slice(0, MAX_TEXT).join('') };
    const profile = await this.profile(message.user);
    if (profile) message.profile = profile;
    const activity = { ...toActivity(message), id: randomUUID() };
    await this.queue(activity.conversation?.id ?? message.channel, activity);
  }

  /** Turns of one conversation run one after the other; see the module comment for failures. */
  private async queue(key: string, activity: Partial<Activity> & { id: string }): Promise<void> {
    try {
      await this.turns.run(conversationKey(activity.channelId, key), () => this.adapter.processActivity(activity, (ctx) => this.deps.bot.run(ctx)));
    } catch (err) {
      if (!this.committed.has(activity.id)) throw err;
      this.deps.logger.error({ err }, 'slack turn failed after its replies started going out; not retried');
    } finally {
      this.committed.delete(activity.id);
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
