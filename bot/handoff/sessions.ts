/**
 * Where each conversation stands in a hand-off, kept in the shared store (`store.handoffSessions`) so any
 * replica routes the next message the same way and a restart changes nothing:
 *   handoff:conversation:<channel>:<conversationId>  the session (mode, rep, Slack thread…)
 *   handoff:visitor:<visitorId>                      the visitor's latest conversation (lead → conversation)
 *   handoff:thread:<slackChannel>:<ts>               the conversation a Slack thread talks to
 * Sessions are written with optimistic concurrency (updateVersioned).
 */
import type { Locale } from '../../core/lead/model.js';
import type { VersionedStore } from '../../core/ports/versioned-store.js';
import { updateVersioned } from '../../core/ports/versioned-update.js';

/** bot: the script answers; waiting: reps alerted, nobody in yet; live: a rep answers; callback: call-back slots offered. */
export type HandoffMode = 'bot' | 'waiting' | 'live' | 'callback';

export interface RepProfile {
  /** Slack user id. */
  id: string;
  /** First name as the visitor reads it ("Camille"). */
  name: string;
  avatarUrl?: string;
}

/** A Slack message whose thread is where the rep talks to the visitor. */
export interface RepThread {
  channel: string;
  ts: string;
}

/** A conversation, named the way the bot names it: the channel and the channel's conversation id. */
export interface ConversationRef {
  channel: string;
  conversationId: string;
}

export interface HandoffSession extends ConversationRef {
  /** Channel-qualified (`web:<id>`, `slack:<team>:<user>`), as in Lead.visitorIds. */
  visitorId: string;
  locale: Locale;
  mode: HandoffMode;
  /** The current ask-for-a-person request: its timeout only acts while it is still the current one. */
  requestId?: string;
  rep?: RepProfile;
  thread?: RepThread;
  joinedAt?: string;
  /** Call-back slots offered (mode callback). */
  offered?: { at: string; label: string }[];
}

const MAX_KEY = 400;

export function conversationKey(ref: ConversationRef): string {
  return `${ref.channel}:${ref.conversationId}`.slice(0, MAX_KEY);
}

/** Parses what conversationKey wrote (`web:abc`, `slack:D123:1712.0001`); null for anything else. */
export function parseConversationKey(key: unknown): ConversationRef | null {
  if (typeof key !== 'string' || key.length > MAX_KEY) return null;
  const colon = key.indexOf(':');
  if (colon <= 0 || colon === key.length - 1) return null;
  return { channel: key.slice(0, colon), conversationId: key.slice(colon + 1) };
}

export class HandoffSessions {
  constructor(private readonly state: VersionedStore) {}

  async get(ref: ConversationRef): Promise<HandoffSession | null> {
    return (await this.state.read<HandoffSession>(sessionKey(ref)))?.value ?? null;
  }

  /** The session of a visitor's message: created (mode bot) on the conversation's first message, which also makes it the visitor's latest conversation. */
  async ensure(ref: ConversationRef, visitorId: string, locale: Locale): Promise<HandoffSession> {
    const existing = await this.get(ref);
    if (existing && existing.locale === locale) return existing;
    // The session and the visitor's latest conversation together (one commit on the embedded store):
    // a hand-off that finds the latest conversation before its session says there is none to join.
    const [session] = await Promise.all([
      this.update(ref, (current) => (current ? { ...current, locale } : { ...ref, visitorId, locale, mode: 'bot' })),
      existing ? undefined : updateVersioned<ConversationRef, void>(this.state, visitorKey(visitorId), () => ({ result: undefined, write: { ...ref } })),
    ]);
    return session!;
  }

  /**
   * Read-modify-write of a session; `change` returns the next session, or null to leave it as it
   * is. Returns the session as stored afterwards (null if there is none).
   */
  async update(ref: ConversationRef, change: (current: HandoffSession | null) => HandoffSession | null): Promise<HandoffSession | null> {
    return updateVersioned<HandoffSession, HandoffSession | null>(this.state, sessionKey(ref), (current) => {
      const next = change(current);
      return next ? { result: next, write: next } : { result: current };
    });
  }

  /** The visitor's latest conversation. */
  async latestOf(visitorId: string): Promise<ConversationRef | null> {
    return (await this.state.read<ConversationRef>(visitorKey(visitorId)))?.value ?? null;
  }

  async linkThread(thread: RepThread, ref: ConversationRef): Promise<void> {
    await updateVersioned<ConversationRef, void>(this.state, threadKey(thread), () => ({ result: undefined, write: { channel: ref.channel, conversationId: ref.conversationId } }));
  }

  async byThread(thread: RepThread): Promise<ConversationRef | null> {
    return (await this.state.read<ConversationRef>(threadKey(thread)))?.value ?? null;
  }
}

function sessionKey(ref: ConversationRef): string {
  return `handoff:conversation:${conversationKey(ref)}`.slice(0, MAX_KEY);
}

function visitorKey(visitorId: string): string {
  return `handoff:visitor:${visitorId}`.slice(0, MAX_KEY);
}

function threadKey(thread: RepThread): string {
  return `handoff:thread:${thread.channel}:${thread.ts}`.slice(0, MAX_KEY);
}
