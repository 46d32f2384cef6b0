import type { EventRepository, LeadRepository, OutboxRepository, TranscriptRepository } from './repository.js';
import type { VersionedStore } from './versioned-store.js';

/** Everything the bot persists, behind one handle. Built by `data/open-store.ts`. */
export interface Store {
  readonly kind: 'embedded' | 'mongodb';
  readonly leads: LeadRepository;
  readonly events: EventRepository;
  readonly transcripts: TranscriptRepository;
  readonly outbox: OutboxRepository;
  /** Conversation/user state for the dialogs. */
  readonly state: VersionedStore;
  /** Liveness for /healthz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
