/**
 * Feeds one SSE stream every message of its conversation once, in seq order, whichever bot
 * process wrote it. The store is the truth (every message is in `store.transcripts` with its
 * seq); this process's LiveHub is only the fast path. While the hub is quiet, the feed polls the
 * conversation's seq counter (one point read) and reads the transcript when it moved, so a
 * message produced on another replica arrives within one poll interval, without sticky sessions.
 *
 * Seqs are handed out before their transcript entry is written, so a reader can see seq n+1
 * before seq n. A hole therefore holds delivery (the widget ignores a seq lower than one it has
 * shown) until it fills, or for at most `gapGraceMs`: a writer that died between the two steps
 * leaves a hole that never fills. A hole before a message older than the grace is skipped at once.
 */
import { createLogger } from '../../core/log.js';
import type { WebChannelConfig } from './config.js';
import type { ConversationLog } from './conversation-log.js';
import type { WidgetMessage } from './protocol.js';

const log = createLogger('web');

export type FeedOptions = WebChannelConfig['replicas'];

export class ConversationFeed {
  private lastSeq: number;
  private started = false;
  private stopped = false;
  private reading: Promise<void> | null = null;
  private readAgain = false;
  private polling = false;
  /** The hub delivered something since the last tick: this process is where the conversation happens. */
  private heardLocally = false;
  /** The hole right after `afterSeq`, and when it was first seen. */
  private hole: { afterSeq: number; since: number } | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly conversations: ConversationLog,
    private readonly conversationId: string,
    after: number,
    private readonly send: (message: WidgetMessage) => void,
    private readonly options: FeedOptions,
  ) {
    this.lastSeq = after;
  }

  /** The highest seq sent so far. */
  get watermark(): number {
    return this.lastSeq;
  }

  /** Replay the history after the watermark, then follow the store until `stop()`. */
  async start(): Promise<void> {
    await this.catchUp();
    this.started = true;
    if (this.stopped) return;
    this.timer = setInterval(() => this.tick(), this.options.pollIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /** A message published on this process's hub (already stored). */
  offer(message: WidgetMessage): void {
    this.heardLocally = true;
    if (message.seq <= this.lastSeq) return;
    if (this.started && message.seq === this.lastSeq + 1) return this.deliver(message);
    // Replay still running, or a hole (another replica wrote the seqs in between): the store has them.
    this.catchUp().catch((err: unknown) => log.warn({ err, conversationId: this.conversationId }, 'web feed: store read failed'));
  }

  private tick(): void {
    const heard = this.heardLocally;
    this.heardLocally = false;
    if ((heard && !this.hole) || this.polling) return;
    this.polling = true;
    this.poll()
      .catch((err: unknown) => log.warn({ err, conversationId: this.conversationId }, 'web feed: store poll failed'))
      .finally(() => (this.polling = false));
  }

  private async poll(): Promise<void> {
    if ((await this.conversations.lastSeq(this.conversationId)) > this.lastSeq) await this.catchUp();
  }

  /** Read the transcript after the watermark and send what can be sent; reads run one at a time. */
  private catchUp(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return this.reading;
    }
    this.reading = (async () => {
      do {
        this.readAgain = false;
        const messages = await this.conversations.history(this.conversationId, this.lastSeq);
        if (this.stopped) return;
        this.deliverInOrder(messages);
      } while (this.readAgain);
    })().finally(() => (this.reading = null));
    return this.reading;
  }

  /** `messages` ascending by seq; stops at a hole that may still fill. */
  private deliverInOrder(messages: WidgetMessage[]): void {
    for (const message of messages) {
      if (message.seq <= this.lastSeq) continue;
      if (message.seq > this.lastSeq + 1 && !this.holeExpired(message)) return;
      if (message.seq > this.lastSeq + 1) {
        log.warn({ conversationId: this.conversationId, missing: [this.lastSeq + 1, message.seq - 1] }, 'web feed: skipping seqs that were never stored');
      }
      this.deliver(message);
    }
  }

  private holeExpired(next: WidgetMessage): boolean {
    const now = Date.now();
    if (now - Date.parse(next.at) >= this.options.gapGraceMs) return true;
    if (this.hole?.afterSeq !== this.lastSeq) this.hole = { afterSeq: this.lastSeq, since: now };
    return now - this.hole.since >= this.options.gapGraceMs;
  }

  private deliver(message: WidgetMessage): void {
    this.lastSeq = message.seq;
    this.hole = null;
    this.send(message);
  }
}
