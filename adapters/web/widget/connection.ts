/**
 * The widget's link to the server: an EventSource for bot → visitor (history replay after the
 * last seq, automatic reconnection with Last-Event-ID) and POSTs for visitor → bot, sent through
 * a persisted outbox so nothing typed offline or during a reload is lost. Each POST carries a
 * client id, so a retry after an unanswered request is processed once by the server.
 * (A dozen lines of back-off rather than a retry library: the bundle must stay small.)
 */
import type { NoticeEvent, ReadyEvent, TypingEvent, WidgetMessage } from '../protocol.js';
import type { PendingMessage, Session } from './session.js';
import { randomId } from './storage.js';

export interface ConnectionListener {
  message(message: WidgetMessage): void;
  typing(on: boolean): void;
  /** A word from the server outside the conversation (see NoticeEvent). */
  notice(text: string): void;
  /** The server accepted an outbox item (visitor messages: with their seq). */
  sent(item: PendingMessage, seq?: number): void;
  /** The server refused an outbox item for good (validation, size): it is dropped. */
  failed(item: PendingMessage, reason: string): void;
  /** The outbox is waiting for the network. */
  waiting(item: PendingMessage): void;
}

const MAX_BACKOFF_MS = 30_000;

export class Connection {
  private source: EventSource | undefined;
  private lastSeq = 0;
  private flushing = false;
  private retryTimer: number | undefined;
  private reconnectTimer: number | undefined;
  private failures = 0;
  private streamFailures = 0;
  private readonly onOnline = (): void => {
    this.failures = 0;
    this.streamFailures = 0;
    if (!this.source || this.source.readyState === EventSource.CLOSED) this.openStream();
    this.flush();
  };

  constructor(
    private readonly server: string,
    private readonly session: Session,
    private readonly locale: string,
    private readonly listener: ConnectionListener,
  ) {
    window.addEventListener('online', this.onOnline);
  }

  private get conversationUrl(): string {
    return `${this.server}/api/web/conversations/${encodeURIComponent(this.session.state.conversationId)}`;
  }

  /** Start the conversation (once; a trigger adds its opening message) and open the stream. */
  start(triggerId?: string, clientId = randomId()): void {
    const first = !this.session.state.started;
    if (first || triggerId) {
      this.session.update((s) => {
        s.started = true;
        s.outbox.push({ clientMessageId: clientId, at: new Date().toISOString(), ...(triggerId ? { triggerId } : {}) });
      });
    }
    this.openStream();
    this.flush();
  }

  /** Queue a visitor message; returns the outbox item (rendered at once as pending). */
  send(text: string): PendingMessage {
    const item: PendingMessage = { clientMessageId: randomId(), text, at: new Date().toISOString() };
    this.session.update((s) => {
      s.started = true;
      s.outbox.push(item);
    });
    this.openStream();
    this.flush();
    return item;
  }

  pending(): PendingMessage[] {
    return this.session.state.outbox.filter((item) => item.text !== undefined);
  }

  /** Open the SSE stream if it is not open; resumes after the last seq received. */
  openStream(): void {
    if (this.source && this.source.readyState !== EventSource.CLOSED) return;
    const { visitorId } = this.session.state;
    const source = new EventSource(`${this.conversationUrl}/events?visitorId=${encodeURIComponent(visitorId)}&after=${this.lastSeq}`);
    this.source = source;
    source.addEventListener('message', (event) => {
      const message = JSON.parse((event as MessageEvent<string>).data) as WidgetMessage;
      if (message.seq <= this.lastSeq) return;
      this.lastSeq = message.seq;
      this.listener.message(message);
    });
    source.addEventListener('typing', (event) => this.listener.typing((JSON.parse((event as MessageEvent<string>).data) as TypingEvent).on));
    source.addEventListener('notice', (event) => this.listener.notice((JSON.parse((event as MessageEvent<string>).data) as NoticeEvent).text));
    source.addEventListener('ready', (event) => {
      this.streamFailures = 0;
      this.lastSeq = Math.max(this.lastSeq, (JSON.parse((event as MessageEvent<string>).data) as ReadyEvent).watermark);
    });
    source.addEventListener('error', () => {
      // The browser retries by itself unless the server refused the stream (CLOSED).
      if (source.readyState !== EventSource.CLOSED || this.source !== source) return;
      window.clearTimeout(this.reconnectTimer);
      this.reconnectTimer = window.setTimeout(() => this.openStream(), backoff(this.streamFailures++));
    });
  }

  /** Send the outbox in order; stops while offline, backs off on network errors, 429 and 5xx. */
  flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    void this.drain().finally(() => {
      this.flushing = false;
    });
  }

  close(): void {
    window.removeEventListener('online', this.onOnline);
    window.clearTimeout(this.retryTimer);
    window.clearTimeout(this.reconnectTimer);
    this.source?.close();
  }

  private async drain(): Promise<void> {
    for (let item = this.session.state.outbox[0]; item; item = this.session.state.outbox[0]) {
      if (!navigator.onLine) return this.listener.waiting(item);
      const outcome = await this.post(item);
      if (outcome.retryInMs !== undefined) {
        this.listener.waiting(item);
        window.clearTimeout(this.retryTimer);
        this.retryTimer = window.setTimeout(() => this.flush(), outcome.retryInMs);
        return;
      }
      this.failures = 0;
      const id = item.clientMessageId;
      this.session.update((s) => {
        s.outbox = s.outbox.filter((queued) => queued.clientMessageId !== id);
      });
      if (outcome.error) this.listener.failed(item, outcome.error);
      else this.listener.sent(item, outcome.seq);
    }
  }

  private async post(item: PendingMessage): Promise<{ seq?: number; error?: string; retryInMs?: number }> {
    const { visitorId } = this.session.state;
    const isMessage = item.text !== undefined;
    const body = isMessage
      ? { visitorId, clientMessageId: item.clientMessageId, text: item.text, locale: this.locale }
      : { visitorId, clientMessageId: item.clientMessageId, locale: this.locale, ...(item.triggerId ? { triggerId: item.triggerId } : {}) };
    let response: Response;
    try {
      response = await fetch(`${this.conversationUrl}/${isMessage ? 'messages' : 'start'}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch {
      return { retryInMs: backoff(this.failures++) };
    }
    const json = (await response.json().catch(() => ({}))) as { seq?: number; error?: { message?: string } };
    if (response.ok) return { seq: json.seq };
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = Number(response.headers.get('retry-after'));
      return { retryInMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : backoff(this.failures++) };
    }
    return { error: json.error?.message ?? `HTTP ${response.status}` };
  }
}

function backoff(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, 500 * 2 ** failures) * (0.75 + Math.random() / 2);
}
