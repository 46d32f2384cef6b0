/**
 * What the widget remembers across pages and reloads (localStorage): the visitor and
 * conversation ids, whether the panel is open, messages not yet acknowledged by the server, and
 * the current visit (for visit counts and "at most once per visit" triggers).
 */
import { randomId, readJson, writeJson } from './storage.js';

/** A request waiting in the outbox: a visitor message (`text`) or the conversation start (optionally by a trigger). */
export interface PendingMessage {
  clientMessageId: string;
  text?: string;
  triggerId?: string;
  at: string;
}

export interface Visit {
  id: string;
  /** 1 for the first visit, 2 for the first return… */
  n: number;
  lastSeenAt: number;
  /** Paths viewed during this visit, in order. */
  pages: string[];
  /** A proactive trigger already opened the widget, or the visitor closed it: no more proactive opens. */
  proactiveDone: boolean;
}

export interface SessionState {
  visitorId: string;
  conversationId: string;
  started: boolean;
  open: boolean;
  outbox: PendingMessage[];
  visit: Visit;
}

export class Session {
  private readonly key: string;
  /** True when this page load started a new visit. */
  readonly newVisit: boolean;

  constructor(serverOrigin: string, visitTimeoutMinutes: number, now = Date.now()) {
    this.key = `leadq:${serverOrigin}`;
    const saved = readJson<Partial<SessionState>>(this.key);
    const visit = saved?.visit;
    this.newVisit = !visit || now - visit.lastSeenAt > visitTimeoutMinutes * 60_000;
    this.write({
      visitorId: saved?.visitorId ?? randomId(),
      conversationId: saved?.conversationId ?? randomId(),
      started: saved?.started ?? false,
      open: saved?.open ?? false,
      outbox: saved?.outbox ?? [],
      visit: this.newVisit || !visit ? { id: randomId(), n: (visit?.n ?? 0) + 1, lastSeenAt: now, pages: [], proactiveDone: false } : visit,
    });
  }

  get state(): SessionState {
    return readJson<SessionState>(this.key) ?? this.fallback;
  }

  /** Read-modify-write on the freshest copy (another tab may have written since). */
  update(change: (state: SessionState) => void): SessionState {
    const state = this.state;
    change(state);
    this.write(state);
    return state;
  }

  private fallback!: SessionState;

  private write(state: SessionState): void {
    this.fallback = state;
    writeJson(this.key, state);
  }
}
