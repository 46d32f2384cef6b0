/**
 * Ports the core needs from storage. `data/` implements them on MongoDB and on the embedded
 * store; the core never sees a driver.
 */
import type { BehaviourEvent, HandoffEvent, Lead, LeadNote, LeadPatch, Stage, Temperature } from '../lead/model.js';

export interface LeadIdentity {
  /** Channel-qualified id (`web:…`, `slack:…`, `bf:<channelId>:<userId>`). */
  visitorId?: string;
  /** Lower-cased e-mail. */
  email?: string;
}

export interface StageChange {
  to: Stage;
  /** Only move if the lead is currently in one of these stages (e.g. never downgrade sql → mql). */
  from?: readonly Stage[];
  by?: string;
  reason?: string;
}

/** Longest filter values a lead query takes; the admin API refuses longer ones with a 400 naming them. */
export const LEAD_QUERY_LIMITS = { email: 320, channel: 100, text: 200 } as const;
export const LEAD_SORTS = ['updatedAt', 'score', 'createdAt'] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

export interface LeadQuery {
  stage?: Stage;
  temperature?: Temperature;
  minScore?: number;
  maxScore?: number;
  email?: string;
  channel?: string;
  country?: string;
  sector?: string;
  companySize?: string;
  /** Case-insensitive substring over name, email and company. */
  text?: string;
  updatedSince?: Date;
  /** Created in [createdFrom, createdTo). */
  createdFrom?: Date;
  createdTo?: Date;
  sort?: LeadSort;
  /** Default: descending (newest / highest first). */
  order?: 'asc' | 'desc';
  limit?: number;
  skip?: number;
}

export interface LeadRepository {
  get(id: string): Promise<Lead | null>;
  findByEmail(email: string): Promise<Lead | null>;
  findByVisitorId(visitorId: string): Promise<Lead | null>;
  /**
   * Create or update the lead known by this identity. Idempotent. When the e-mail already
   * belongs to another lead, the visitor's lead is merged into it (visitorIds unioned,
   * known fields kept, newer answers win) and the visitor's lead removed: never two leads per e-mail.
   * A stage change in `stage` appends to `history` (and is ignored if `from` does not match).
   */
  upsert(identity: LeadIdentity, patch: LeadPatch, stage?: StageChange): Promise<Lead>;
  /** Conditional stage move; returns null when the lead is missing or not in an allowed stage. */
  changeStage(id: string, change: StageChange): Promise<Lead | null>;
  /** Atomically assign an owner if nobody owns the lead yet; returns the lead either way and whether this call won. */
  claim(id: string, owner: string): Promise<{ lead: Lead | null; claimed: boolean }>;
  /** Append a hand-off moment to the lead's history (at its current stage); null when the lead is missing. */
  recordEvent(id: string, event: HandoffEvent, by: string, reason?: string): Promise<Lead | null>;
  list(query: LeadQuery): Promise<{ items: Lead[]; total: number }>;
  /** Number of leads per stage. */
  funnel(): Promise<Record<Stage, number>>;
  /** Every lead created in [from, to), unpaged, for aggregate reports (funnel); with `fields`, only those top-level fields (and `_id`). */
  createdBetween(from: Date, to: Date, fields?: readonly (keyof Lead)[]): Promise<Lead[]>;
  /** Leads created in [from, to), counted by the store per creation day, funnel level reached and score. */
  reportCounts(from: Date, to: Date): Promise<{ day: string; level: number; score: number; leads: number }[]>;
  /** Of the leads created in [from, to) that were qualified: how many took each time (ms) from creation to qualification. */
  qualifyTimes(from: Date, to: Date): Promise<{ ms: number; leads: number }[]>;
  /** Set (or clear, with null) the sales rep who owns the lead; null when the lead is missing. */
  assign(id: string, owner: string | null): Promise<Lead | null>;
  /** Append a sales note; null when the lead is missing. */
  addNote(id: string, note: LeadNote): Promise<Lead | null>;
  /**
   * Erase a lead (GDPR right to erasure) with everything about the person: their visitors' events,
   * transcripts and conversation state, the lead's outbox items; then the store's files are purged.
   */
  remove(id: string): Promise<boolean>;
  /** Called with the id of every erased lead, after the erasure (e.g. a `lead.erased` webhook). */
  onErased(listener: (leadId: string) => Promise<void>): void;
}

export interface StoredEvent extends BehaviourEvent {
  _id: string;
  visitorId: string;
  leadId?: string;
}

export interface EventRepository {
  append(visitorId: string, event: BehaviourEvent): Promise<StoredEvent>;
  /** Every event is checked before any is stored: one invalid event stores none of the batch. */
  appendMany(visitorId: string, events: readonly BehaviourEvent[]): Promise<StoredEvent[]>;
  listByVisitor(visitorIds: readonly string[], limit?: number): Promise<StoredEvent[]>;
  /** Erase every event of these visitors; returns how many were removed. */
  removeByVisitor(visitorIds: readonly string[]): Promise<number>;
}

export interface TranscriptEntry {
  conversationId: string;
  /** 'agent': a sales rep who joined the conversation (see `author`). */
  from: 'user' | 'bot' | 'agent';
  /** Who spoke for `from: 'agent'`: the rep's display name and avatar. */
  author?: { name: string; avatarUrl?: string };
  text: string;
  at: Date;
  slot?: string;
  /** Channel sequence number (web widget watermark), when the channel has one. */
  seq?: number;
  /** Channel-qualified id of the visitor in this conversation (as in Lead.visitorIds), so erasing the lead finds it. */
  visitorId?: string;
  /** On the bot's lines: the version of the dialog script it ran (its declared `version`, else a hash of its content). */
  scriptVersion?: string;
}

/** Conversations in which the visitor spoke, counted by the day (UTC) they first did, and by the script version the bot ran. */
export interface ConversationCount {
  day: string;
  scriptVersion: string | null;
  conversations: number;
}

/** The drop-off report's counts, per question and outcome, over conversations the visitor started in a period. */
export interface DropoffCounts {
  conversations: number;
  steps: { slot: string; outcome: 'pending' | 'answered' | 'skipped'; conversations: number; reasked: number }[];
  /** Conversations left at each question. */
  left: { slot: string; conversations: number }[];
}

export interface TranscriptRepository {
  append(entry: TranscriptEntry): Promise<void>;
  list(conversationId: string, afterSeq?: number, limit?: number): Promise<TranscriptEntry[]>;
  /** Every line of every conversation one of these visitors took part in, in time order. */
  listByVisitor(visitorIds: readonly string[]): Promise<TranscriptEntry[]>;
  /** Every line recorded in [from, to) (only the visitor's or the bot's when `speaker` is given), in time order (reports: funnel, drop-off). */
  between(from: Date, to: Date, speaker?: TranscriptEntry['from']): Promise<TranscriptEntry[]>;
  /** Erase every conversation in which one of these visitors took part (entries recorded with their visitorId); returns how many entries were removed. */
  removeByVisitor(visitorIds: readonly string[]): Promise<number>;
  /** Conversations whose visitor first spoke in [from, to), per day and script version (counted by the store). */
  conversationCounts(from: Date, to: Date): Promise<ConversationCount[]>;
  /** Conversations started in [from, to), counted per visitor (the funnel's conversations grouped by their lead). */
  conversationVisitors(from: Date, to: Date): Promise<{ visitorId: string; scriptVersion: string | null; conversations: number }[]>;
  /** Per-question outcomes of the conversations started in [from, to) (counted by the store). */
  dropoffCounts(from: Date, to: Date): Promise<DropoffCounts>;
  /** Sums every conversation up again from its lines (the reports' summaries lost or wrong); returns how many. */
  rebuildSummaries(): Promise<number>;
}

export type OutboxStatus = 'pending' | 'processing' | 'done' | 'dead';

export interface OutboxItem<P = unknown> {
  /** Idempotency key, e.g. `slack-alert:<leadId>:mql`: enqueuing twice is a no-op. */
  _id: string;
  topic: string;
  payload: P;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  leaseOwner?: string;
  leaseUntil?: Date;
  lastError?: string;
  result?: unknown;
  createdAt: Date;
  doneAt?: Date;
  /** When the store deletes this delivered item (retention). */
  expiresAt?: Date;
}

export interface OutboxRepository {
  /** Returns false when an item with this key already exists (idempotent enqueue). */
  enqueue<P>(topic: string, key: string, payload: P, notBefore?: Date): Promise<boolean>;
  /**
   * Atomically take one due item of these topics: pending and due, or processing with an
   * expired lease. Sets leaseOwner/leaseUntil and increments attempts. Null when none.
   */
  claim(topics: readonly string[], worker: string, leaseMs: number): Promise<OutboxItem | null>;
  /** Extend a lease; false if the worker lost it. */
  renew(id: string, worker: string, leaseMs: number): Promise<boolean>;
  /** Mark done, only if `worker` still holds the lease. */
  complete(id: string, worker: string, result?: unknown): Promise<boolean>;
  /** Release for a later attempt (retryAt) or give up (retryAt null → dead), only if `worker` holds the lease. */
  fail(id: string, worker: string, error: string, retryAt: Date | null): Promise<boolean>;
  get(id: string): Promise<OutboxItem | null>;
  /** Erasure: delete every item whose payload names this lead (`payload.leadId`). */
  removeByLead(leadId: string): Promise<number>;
  /** Items of these topics given up on (`dead`), newest first (the dead-letter list). */
  listDead(topics: readonly string[], limit?: number): Promise<OutboxItem[]>;
  /** Send a dead item round again (pending now, attempts reset); false when it is not dead. */
  replay(id: string): Promise<boolean>;
}
