/**
 * Runs the bot on widget traffic through the shared ChannelAdapter. Turns of one conversation
 * run one after the other (the shared TurnQueue); every bot message is sequenced, stored and
 * pushed to the open streams; a typing indicator covers the whole turn.
 */
import type { Activity } from 'botbuilder';
import type { TurnBot } from '../../bot/turn/turn-bot.js';
import { conversationKey, TurnQueue } from '../../bot/turn/turn-queue.js';
import { ChannelAdapter } from '../core/channel-adapter.js';
import { createLogger } from '../../core/log.js';
import { WEB_CHANNEL_ID } from './behaviour.js';
import { toBotDraft } from './bot-message.js';
import type { ConversationLog } from './conversation-log.js';
import type { LiveHub } from './live-hub.js';

const log = createLogger('web');

export interface InboundTurn {
  conversationId: string;
  visitorId: string;
  locale: string;
  /** A visitor message, `conversationUpdate` when the conversation starts, or a named event for the bot (e.g. resume after a hand-off). */
  activity: { type: 'message'; text: string; clientMessageId: string } | { type: 'conversationUpdate'; triggerId?: string } | { type: 'event'; name: string };
}

export class WebTurns {
  private readonly adapter: ChannelAdapter;

  constructor(
    private readonly bot: TurnBot,
    private readonly conversations: ConversationLog,
    private readonly hub: LiveHub,
    private readonly botName: string,
    private readonly queue: TurnQueue = new TurnQueue(),
  ) {
    this.adapter = new ChannelAdapter(async (activities, reference) => this.deliver(activities, reference.conversation?.id));
  }

  /** Queue a turn after the conversation's previous ones; resolves when it has run (errors are logged). */
  run(turn: InboundTurn): Promise<void> {
    return this.queue.run(conversationKey(WEB_CHANNEL_ID, turn.conversationId), () => this.runNow(turn));
  }

  /** Wait for every queued turn (shutdown, tests). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async runNow(turn: InboundTurn): Promise<void> {
    const { conversationId } = turn;
    this.hub.publish(conversationId, { name: 'typing', on: true });
    try {
      await this.adapter.processActivity(this.toActivity(turn), (context) => this.bot.run(context));
    } catch (error) {
      log.error({ err: error, conversationId }, 'bot turn failed');
      // The message is in the conversation but had no effect: ask for it again, live only (the store may be what failed).
      if (turn.activity.type === 'message') {
        const text = this.bot.turnFailedReply({ locale: turn.locale, text: turn.activity.text }).text;
        if (text) this.hub.publish(conversationId, { name: 'notice', text });
      }
    } finally {
      this.hub.publish(conversationId, { name: 'typing', on: false });
    }
  }

  private toActivity(turn: InboundTurn): Partial<Activity> {
    const user = { id: turn.visitorId, name: '', role: 'user' };
    const bot = { id: 'leadq', name: this.botName, role: 'bot' };
    const common = {
      channelId: WEB_CHANNEL_ID,
      serviceUrl: 'web',
      from: user,
      recipient: bot,
      conversation: { id: turn.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      locale: turn.locale,
    };
    if (turn.activity.type === 'message') {
      return { ...common, type: 'message', text: turn.activity.text, channelData: { clientMessageId: turn.activity.clientMessageId } };
    }
    if (turn.activity.type === 'event') return { ...common, type: 'event', name: turn.activity.name };
    return { ...common, type: 'conversationUpdate', membersAdded: [user, bot], channelData: { trigger: turn.activity.triggerId } };
  }

  /** A turn's messages are stored together, then pushed with its typing indicators, in order. */
  private async deliver(activities: Partial<Activity>[], conversationId: string | undefined): Promise<(string | void)[]> {
    if (!conversationId) throw new Error('web channel: reply without a conversation');
    const drafts = activities.map((activity) => (activity.type === undefined || activity.type === 'message' ? toBotDraft(activity) : null));
    const messages = await this.conversations.appendBotMessages(conversationId, drafts.filter((draft) => draft !== null));
    let next = 0;
    return activities.map((activity, i) => {
      if (activity.type === 'typing') this.hub.publish(conversationId, { name: 'typing', on: true });
      if (!drafts[i]) return undefined;
      const message = messages[next++]!;
      this.hub.publish(conversationId, { name: 'message', message });
      return `${conversationId}:${message.seq}`;
    });
  }
}
