/**
 * A Bot Framework protocol client for tests: posts activities to /api/messages with
 * `deliveryMode: "expectReplies"` and reads the replies from the response body, the way a
 * Direct Line / Emulator client would see them.
 */
import { randomUUID } from 'node:crypto';

export interface Prompt {
  slot: string;
  kind: string;
  choices?: { value: string; label: string }[];
}

export interface BotReply {
  type: string;
  text?: string;
  inputHint?: string;
  channelData?: { prompt?: Prompt };
  suggestedActions?: { actions: { type: string; title?: string; value?: unknown }[] };
}

export class BotFrameworkClient {
  readonly conversationId: string;
  readonly userId: string;
  readonly transcript: { from: 'user' | 'bot'; text: string }[] = [];
  lastReplies: BotReply[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly options: { locale?: string; userId?: string; channelId?: string; conversationId?: string } = {},
  ) {
    this.userId = options.userId ?? `user-${randomUUID()}`;
    this.conversationId = options.conversationId ?? randomUUID();
  }

  /** The prompt of the last reply that expects input, if any. */
  get prompt(): Prompt | undefined {
    for (let i = this.lastReplies.length - 1; i >= 0; i--) {
      const reply = this.lastReplies[i]!;
      if (reply.inputHint === 'expectingInput' && reply.channelData?.prompt) return reply.channelData.prompt;
    }
    return undefined;
  }

  get lastText(): string {
    return this.lastReplies.map((r) => r.text ?? '').join('\n');
  }

  async conversationUpdate(): Promise<BotReply[]> {
    return this.post({
      type: 'conversationUpdate',
      membersAdded: [{ id: this.userId, name: 'Visitor' }],
    });
  }

  async say(text: string): Promise<BotReply[]> {
    this.transcript.push({ from: 'user', text });
    return this.post({ type: 'message', text });
  }

  async post(partial: Record<string, unknown>): Promise<BotReply[]> {
    const res = await this.raw(this.activity(partial));
    if (res.status !== 200) throw new Error(`POST /api/messages → ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { activities?: BotReply[] };
    this.lastReplies = (body.activities ?? []).filter((a) => a.type === 'message');
    for (const reply of this.lastReplies) this.transcript.push({ from: 'bot', text: reply.text ?? '' });
    return this.lastReplies;
  }

  /** The activity this client sends, with `partial` on top (a fixed `id` to send it again). */
  activity(partial: Record<string, unknown>): Record<string, unknown> {
    return {
      id: randomUUID(),
      channelId: this.options.channelId ?? 'emulator',
      serviceUrl: 'http://127.0.0.1:1/unused',
      from: { id: this.userId, name: 'Visitor', role: 'user' },
      recipient: { id: 'leadq-bot', name: 'leadq', role: 'bot' },
      conversation: { id: this.conversationId },
      locale: this.options.locale,
      deliveryMode: 'expectReplies',
      timestamp: new Date().toISOString(),
      ...partial,
    };
  }

  raw(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }
}
