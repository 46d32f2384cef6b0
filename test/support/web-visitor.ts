/**
 * A website visitor driven over the widget's HTTP API (no browser): posts messages and reads the
 * bot's latest question from the conversation record, waiting for the bot's turn to land.
 */
import { randomUUID } from 'node:crypto';
import type { ConversationRecord } from '../../adapters/web/conversation-log.js';
import { conversationStateKey } from '../../adapters/web/conversation-log.js';
import type { Store } from '../../core/ports/store.js';

export class WebVisitor {
  readonly visitorId = randomUUID();
  readonly conversationId = randomUUID();

  constructor(
    private readonly baseUrl: string,
    private readonly store: Store,
    private readonly locale = 'fr-FR',
  ) {}

  /** Opens the conversation (the widget's start request); resolves with the bot's first question. */
  async start(): Promise<string | undefined> {
    const res = await this.post('start', { visitorId: this.visitorId, clientMessageId: randomUUID(), locale: this.locale });
    if (res.status !== 202) throw new Error(`web start → ${res.status}: ${await res.text()}`);
    return this.questionAfter(0);
  }

  /** Sends `text` and resolves with the slot of the bot's next question. */
  async say(text: string): Promise<string | undefined> {
    const res = await this.post('messages', { visitorId: this.visitorId, clientMessageId: randomUUID(), text, locale: this.locale });
    if (res.status !== 202) throw new Error(`web message → ${res.status}: ${await res.text()}`);
    const { seq } = (await res.json()) as { seq: number };
    return this.questionAfter(seq);
  }

  post(route: 'messages' | 'start', body: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}/api/web/conversations/${this.conversationId}/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async questionAfter(seq: number, timeoutMs = 15_000): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const record = (await this.store.webConversations.read<ConversationRecord>(conversationStateKey(this.conversationId)))?.value;
      if (record?.lastPrompt && record.lastPrompt.seq > seq) return record.lastPrompt.prompt?.slot;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no question from the bot after seq ${seq} within ${timeoutMs} ms`);
  }
}
