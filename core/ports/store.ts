import type { EventRepository, LeadRepository, OutboxRepository, TranscriptRepository } from './repository.js';
import type { VersionedStore } from './versioned-store.js';

/** Everything the bot persists, behind one handle. Built by `data/open-store.ts`. */
export interface Store {
  readonly kind: 'embedded' | 'mongodb';
  readonly leads: LeadRepository;
  readonly events: EventRepository;
  readonly transcripts: TranscriptRepository;
  readonly outbox: OutboxRepository;
  /**
   * Versioned records, one named store per kind. They share the `state` collection today, each
   * kind under its own key prefix (docs/architecture.md, "Data model"), so a kind can move to a
   * collection of its own by changing data/ only.
   */
  /** Dialog state per conversation (`conversation/<channel>/<id>`): locale, runner, seen activity ids. */
  readonly conversations: VersionedStore;
  /** The website's conversation logs (`web:conversation:<id>`): sequenced messages for the widget's streams. */
  readonly webConversations: VersionedStore;
  /** The Slack event ledger (`slack:events:<event id>`): each Events API delivery processed once. */
  readonly slackEvents: VersionedStore;
  /** Slack threads the bot converses in (`slack:thread:<channel>:<ts>`). */
  readonly slackThreads: VersionedStore;
  /** Round-robin routing of alerts to sales reps (`slack:routing:round-robin`). */
  readonly routing: VersionedStore;
  /** Live hand-off sessions and their lookups (`handoff:…`). */
  readonly handoffSessions: VersionedStore;
  /** The first sender of each anonymous Bot Framework conversation (`botframework:owner:…`). */
  readonly conversationOwners: VersionedStore;
  /** Liveness for /healthz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
