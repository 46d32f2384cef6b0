/**
 * The website side of a live hand-off: what the rep writes, and the bot's proactive messages
 * (call-back offer), become sequenced messages of the conversation, stored then pushed, so every
 * replica's open stream delivers them and a visitor who comes back later finds them in history.
 */
import { botActivity, type VisitorChannel, type VisitorMessage } from '../../bot/handoff/handoff-service.js';
import type { HandoffSession } from '../../bot/handoff/sessions.js';
import { HANDOFF_RESUME_EVENT } from '../../bot/handoff/resume-event.js';
import { toBotDraft } from './bot-message.js';
import type { ConversationLog } from './conversation-log.js';
import type { LiveHub } from './live-hub.js';
import type { WidgetMessage } from './protocol.js';
import type { WebTurns } from './web-turns.js';

const HTTP_URL = /^https?:\/\//i;

export class WebHandoffChannel implements VisitorChannel {
  constructor(
    private readonly conversations: ConversationLog,
    private readonly hub: LiveHub,
    private readonly turns: WebTurns,
  ) {}

  async say(session: HandoffSession, message: VisitorMessage, onceKey: string): Promise<void> {
    let stored: WidgetMessage | null;
    if (message.agent) {
      const { name, avatarUrl } = message.agent;
      stored = await this.conversations.appendAgentMessage(session.conversationId, message.text, { name, ...(avatarUrl && HTTP_URL.test(avatarUrl) ? { avatarUrl } : {}) }, onceKey);
    } else {
      const draft = toBotDraft(botActivity(message));
      stored = draft ? await this.conversations.appendBotMessage(session.conversationId, draft, onceKey) : null;
    }
    if (stored) this.hub.publish(session.conversationId, { name: 'message', message: stored });
  }

  async resumeBot(session: HandoffSession): Promise<void> {
    await this.turns.run({
      conversationId: session.conversationId,
      visitorId: session.visitorId.replace(/^web:/, ''),
      locale: session.locale,
      activity: { type: 'event', name: HANDOFF_RESUME_EVENT },
    });
  }
}
