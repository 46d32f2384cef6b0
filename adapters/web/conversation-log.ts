/**
 * The durable side of a widget conversation: who owns it, the sequence counter, which client
 * message ids were already accepted, and the transcript. The counter and the id set live in one
 * record of `store.webConversations`, updated with optimistic concurrency, so sequence numbers stay unique
 * and a retried message is accepted once even with several bot processes.
 */
import type { Store } from '../../core/ports/store.js';
import { visitorIdOf } from '../../core/lead/model.js';
import { updateVersioned } from '../../core/ports/versioned-update.js';
import { WEB_CHANNEL_ID } from './behaviour.js';
import { HttpError } from './http-io.js';
import type { Agent, Prompt, QuickReply, WidgetMessage } from './protocol.js';

/** How many recent client message ids are remembered for de-duplication. */
const REMEMBERED_CLIENT_IDS = 200;
const HISTORY_LIMIT = 500;
const MAX_ATTEMPTS = 20;
const MAX_TRANSCRIPT_SCAN = 10_000;

export interface ConversationRecord {
  visitorId: string;
  locale?: string;
  lastSeq: number;
  /** The bot has been told the conversation exists (conversationUpdate sent). */
  started: boolean;
  /** [clientMessageId, seq] of recent visitor messages (seq 0: other client ids), oldest first. */
  recent: [string, number][];
  /** Input state of the latest bot question, re-attached to that message when history is replayed. */
  lastPrompt?: { seq: number; prompt?: Prompt; quickReplies?: QuickReply[] };
  createdAt: string;
}

/** A bot message to show; `scriptVersion` (the script set that said it) goes to the transcript only. */
export type BotDraft = Omit<WidgetMessage, 'seq' | 'from' | 'at' | 'clientMessageId'> & { scriptVersion?: string };

export class ConversationLog {
  constructor(private readonly store: Store) {}

  /** Load the conversation, creating it for this visitor if new. 403 when it belongs to another visitor. */
  async open(conversationId: string, visitorId: string, locale?: string): Promise<ConversationRecord> {
    return this.update(conversationId, visitorId, (record) => (record.locale || !locale ? null : { ...record, locale }));
  }

  /** Mark the conversation as started; true only for the call that started it. */
  async start(conversationId: string, visitorId: string): Promise<boolean> {
    let startedNow = false;
    await this.update(conversationId, visitorId, (record) => {
      startedNow = !record.started;
      return startedNow ? { ...record, started: true } : null;
    });
    return startedNow;
  }

  /**
   * Record a visitor message under a fresh seq, in one write that also opens the conversation
   * (creating it, or refusing another visitor with a 403, noting `locale` if it has none) and marks
   * it started: `startedNow` is true for the message that started it (its start request was lost).
   * When this client message id was already accepted, the original seq is returned with
   * `duplicate: true` and nothing is written.
   */
  async acceptVisitorMessage(
    conversationId: string,
    visitorId: string,
    clientMessageId: string,
    text: string,
    locale?: string,
  ): Promise<{ message: WidgetMessage; duplicate: boolean; startedNow: boolean; record: ConversationRecord }> {
    let duplicateSeq: number | undefined;
    let startedNow = false;
    const record = await this.update(conversationId, visitorId, (current) => {
      duplicateSeq = current.recent.find(([id]) => id === clientMessageId)?.[1];
      if (duplicateSeq !== undefined) return null;
      startedNow = !current.started;
      const seq = current.lastSeq + 1;
      return {
        ...current,
        ...(!current.locale && locale ? { locale } : {}),
        started: true,
        lastSeq: seq,
        recent: [...current.recent, [clientMessageId, seq] as [string, number]].slice(-REMEMBERED_CLIENT_IDS),
      };
    });
    const at = new Date();
    const message: WidgetMessage = { seq: duplicateSeq ?? record.lastSeq, from: 'user', text, at: at.toISOString(), clientMessageId };
    if (duplicateSeq !== undefined) return { message, duplicate: true, startedNow: false, record };
    await this.store.transcripts.append({ conversationId, visitorId: visitorIdOf(WEB_CHANNEL_ID, visitorId), from: 'user', text, at, seq: message.seq });
    return { message, duplicate: false, startedNow, record };
  }

  /** Remember a client-generated id (e.g. a proactive trigger of one visit); false if it was seen before. */
  async claimOnce(conversationId: string, visitorId: string, clientId: string): Promise<boolean> {
    let claimed = false;
    await this.update(conversationId, visitorId, (current) => {
      claimed = !current.recent.some(([id]) => id === clientId);
      // seq 0: not a visitor message, nothing to re-attach on replay.
      return claimed ? { ...current, recent: [...current.recent, [clientId, 0] as [string, number]].slice(-REMEMBERED_CLIENT_IDS) } : null;
    });
    return claimed;
  }

  /** Record a bot message under a fresh seq; with `onceKey`, null when that key was already recorded (a retried proactive message). */
  async appendBotMessage(conversationId: string, draft: BotDraft): Promise<WidgetMessage>;
  async appendBotMessage(conversationId: string, draft: BotDraft, onceKey: string): Promise<WidgetMessage | null>;
  async appendBotMessage(conversationId: string, draft: BotDraft, onceKey?: string): Promise<WidgetMessage | null> {
    return (await this.appendBotMessages(conversationId, [draft], onceKey))?.[0] ?? null;
  }

  /**
   * Record a turn's bot messages under consecutive seqs, in one write of the record, their
   * transcript lines together (one summary update); null when `onceKey` was already recorded.
   */
  async appendBotMessages(conversationId: string, drafts: readonly BotDraft[]): Promise<WidgetMessage[]>;
  async appendBotMessages(conversationId: string, drafts: readonly BotDraft[], onceKey: string | undefined): Promise<WidgetMessage[] | null>;
  async appendBotMessages(conversationId: string, drafts: readonly BotDraft[], onceKey?: string): Promise<WidgetMessage[] | null> {
    if (drafts.length === 0) return [];
    // The record keeps the input state of the latest message: the last one's, or none when it does not ask.
    const last = drafts.at(-1)!;
    const asks = last.prompt !== undefined || last.quickReplies !== undefined;
    const lastSeq = await this.nextSeq(conversationId, onceKey, drafts.length, (record, seq) => ({
      ...record,
      lastPrompt: asks ? { seq, prompt: last.prompt, quickReplies: last.quickReplies } : undefined,
    }));
    if (lastSeq === null) return null;
    const at = new Date();
    const messages = drafts.map(({ scriptVersion: _, ...shown }, i): WidgetMessage => ({ ...shown, seq: lastSeq - drafts.length + 1 + i, from: 'bot', at: at.toISOString() }));
    await Promise.all(
      drafts.map(({ prompt, scriptVersion }, i) =>
        this.store.transcripts.append({ conversationId, from: 'bot', text: messages[i]!.text, at, seq: messages[i]!.seq, ...(prompt ? { slot: prompt.slot } : {}), ...(scriptVersion ? { scriptVersion } : {}) }),
      ),
    );
    return messages;
  }

  /** Record what a sales rep wrote (live hand-off) under a fresh seq; null when `onceKey` was already recorded (a retried Slack event). */
  async appendAgentMessage(conversationId: string, text: string, agent: Agent, onceKey: string): Promise<WidgetMessage | null> {
    // A rep's message closes the bot's question: replay must not bring its keyboard back.
    const seq = await this.nextSeq(conversationId, onceKey, 1, (record) => ({ ...record, lastPrompt: undefined }));
    if (seq === null) return null;
    const at = new Date();
    await this.store.transcripts.append({ conversationId, from: 'agent', author: agent, text, at, seq });
    return { seq, from: 'agent', agent, text, at: at.toISOString() };
  }

  /** Hand out the next `count` seqs (bot side: the record must exist) and return the last; null when `onceKey` was seen before. */
  private async nextSeq(conversationId: string, onceKey: string | undefined, count: number, change: (record: ConversationRecord, lastSeq: number) => ConversationRecord): Promise<number | null> {
    let seen = false;
    const record = await this.update(conversationId, undefined, (current) => {
      seen = onceKey !== undefined && current.recent.some(([id]) => id === onceKey);
      if (seen) return null;
      const seq = current.lastSeq + count;
      // seq 0: not a visitor message, so no client id is re-attached on replay.
      const recent = onceKey === undefined ? current.recent : [...current.recent, [onceKey, 0] as [string, number]].slice(-REMEMBERED_CLIENT_IDS);
      return { ...change(current, seq), lastSeq: seq, recent };
    });
    return seen ? null : record.lastSeq;
  }

  /** The last seq handed out (its transcript entry may still be on its way); 0 for an unknown conversation. One point read. */
  async lastSeq(conversationId: string): Promise<number> {
    return (await this.store.webConversations.read<ConversationRecord>(conversationStateKey(conversationId)))?.value.lastSeq ?? 0;
  }

  /** Messages after `afterSeq`, oldest first, with client ids and the latest prompt re-attached. */
  async history(conversationId: string, afterSeq: number): Promise<WidgetMessage[]> {
    // Transcript first: the record read after it is at least as new as every entry read, so a
    // question's prompt is never missing because the record was read before the question was written.
    const entries = await this.store.transcripts.list(conversationId, afterSeq, HISTORY_LIMIT);
    const stored = await this.store.webConversations.read<ConversationRecord>(conversationStateKey(conversationId));
    const clientIds = new Map((stored?.value.recent ?? []).map(([id, seq]) => [seq, id]));
    const lastPrompt = stored?.value.lastPrompt;
    return entries
      .filter((entry): entry is typeof entry & { seq: number } => typeof entry.seq === 'number' && entry.seq > afterSeq)
      .sort((a, b) => a.seq - b.seq)
      .map((entry) => {
        const message: WidgetMessage = { seq: entry.seq, from: entry.from, text: entry.text, at: new Date(entry.at).toISOString(), ...(entry.author ? { agent: entry.author } : {}) };
        const clientMessageId = clientIds.get(entry.seq);
        if (entry.from === 'user' && clientMessageId) message.clientMessageId = clientMessageId;
        if (lastPrompt && lastPrompt.seq === entry.seq) {
          if (lastPrompt.prompt) message.prompt = lastPrompt.prompt;
          if (lastPrompt.quickReplies) message.quickReplies = lastPrompt.quickReplies;
        }
        return message;
      });
  }

  /**
   * Read-modify-write with optimistic concurrency. `change` returns the new record, or null for
   * "no change". `visitorId` creates a missing record and guards ownership; undefined requires
   * the record to exist (bot side).
   */
  private async update(
    conversationId: string,
    visitorId: string | undefined,
    change: (record: ConversationRecord) => ConversationRecord | null,
  ): Promise<ConversationRecord> {
    const decide = async (stored: ConversationRecord | null) => {
      if (stored && visitorId !== undefined && stored.visitorId !== visitorId) {
        throw new HttpError(403, 'conversation_forbidden', 'This conversation belongs to another visitor.');
      }
      if (!stored && visitorId === undefined) throw new Error(`Unknown web conversation ${conversationId}`);
      const current = stored ?? { visitorId: visitorId!, lastSeq: await this.lastTranscriptSeq(conversationId), started: false, recent: [], createdAt: new Date().toISOString() };
      const next = change(current);
      if (next === null && stored) return { result: current };
      return { result: next ?? current, write: next ?? current, options: { expireWhenIdle: true } };
    };
    return updateVersioned(this.store.webConversations, conversationStateKey(conversationId), decide, {
      maxAttempts: MAX_ATTEMPTS,
      ownerOf: (record) => ({ visitorId: visitorIdOf(WEB_CHANNEL_ID, record.visitorId) }),
    });
  }

  /**
   * 0 for a new conversation. The record of a conversation idle past its retention is deleted
   * while a lead's transcript is kept: numbering resumes after the kept messages, never reusing a seq.
   */
  private async lastTranscriptSeq(conversationId: string): Promise<number> {
    const entries = await this.store.transcripts.list(conversationId, 0, MAX_TRANSCRIPT_SCAN);
    return entries.reduce((last, entry) => Math.max(last, entry.seq ?? 0), 0);
  }
}

/** Key of the conversation's record in `store.webConversations`. */
export function conversationStateKey(conversationId: string): string {
  return `web:conversation:${conversationId}`;
}
