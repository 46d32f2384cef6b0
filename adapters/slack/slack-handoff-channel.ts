/**
 * A visitor who chats with the bot over Slack (DM or a mention thread) during a hand-off: the rep's
 * words and the bot's proactive messages are posted into the visitor's conversation, and recorded
 * in the transcript (they are not part of a turn, so the TranscriptRecorder does not see them).
 */
import { botActivity, type VisitorChannel, type VisitorMessage } from '../../bot/handoff/handoff-service.js';
import { HANDOFF_RESUME_EVENT } from '../../bot/handoff/resume-event.js';
import type { HandoffSession } from '../../bot/handoff/sessions.js';
import type { TranscriptRepository } from '../../core/ports/repository.js';
import type { webApi } from '@slack/bolt';
import { safeText } from './blocks.js';
import type { SlackConversations } from './conversation.js';
import { postOnce } from './post-once.js';
import { placeOf, toSlackMessage } from './slack-activity.js';

export class SlackHandoffChannel implements VisitorChannel {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly conversations: SlackConversations,
    private readonly transcripts: TranscriptRepository,
  ) {}

  async say(session: HandoffSession, message: VisitorMessage, onceKey: string): Promise<void> {
    const place = placeOf(session.conversationId);
    const slack = message.agent ? null : toSlackMessage(botActivity(message));
    const text = message.agent ? `*${safeText(message.agent.name, 80)}*: ${safeText(message.text, 3500)}` : (slack?.text ?? safeText(message.text, 3500));
    await postOnce(this.client, {
      channel: place.channel,
      key: onceKey,
      text,
      ...(slack ? { blocks: slack.blocks } : {}),
      ...(place.threadTs ? { threadTs: place.threadTs } : {}),
      checkFirst: false,
      since: new Date(),
    });
    const { agent } = message;
    await this.transcripts.append({
      conversationId: session.conversationId,
      from: agent ? 'agent' : 'bot',
      text: message.text,
      at: new Date(),
      ...(agent ? { author: { name: agent.name, ...(agent.avatarUrl ? { avatarUrl: agent.avatarUrl } : {}) } } : {}),
      ...(message.prompt ? { slot: message.prompt.slot } : {}),
    });
  }

  async resumeBot(session: HandoffSession): Promise<void> {
    await this.conversations.runEvent(session.conversationId, session.visitorId, HANDOFF_RESUME_EVENT);
  }
}
