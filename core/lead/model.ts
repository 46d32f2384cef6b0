/**
 * The lead document (collection `leads`), described in docs/architecture.md ("Data model").
 * Plain TypeScript: no botbuilder, no driver types, so every layer can share it.
 */
export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];

/** visitor → mcl (captured) → mql (qualified) → sql (accepted by sales) | rejected */
export type Stage = 'visitor' | 'mcl' | 'mql' | 'sql' | 'rejected';
export const STAGES: readonly Stage[] = ['visitor', 'mcl', 'mql', 'sql', 'rejected'];

export type Temperature = 'cold' | 'warm' | 'hot';

/** Stages a conversation may move a lead to (sales moves it on to sql or rejected). */
export const SAVE_STAGES = ['visitor', 'mcl', 'mql'] as const satisfies readonly Stage[];
export type SaveStage = (typeof SAVE_STAGES)[number];

/** The channel-qualified id of a person on a channel (`web:<id>`, `slack:<team>:<user>`…), as stored in `Lead.visitorIds`. */
export function visitorIdOf(channel: string, userId: string): string {
  return `${channel}:${userId}`;
}

export type TimelineBucket = 'now' | '1-3m' | '3-6m' | '6-12m' | '12m+' | 'none' | 'unknown';
export const TIMELINE_BUCKETS: readonly TimelineBucket[] = ['now', '1-3m', '3-6m', '6-12m', '12m+', 'none', 'unknown'];

export interface Timeline {
  text: string;
  /** Months from today until the project starts; null when there is no project or it is unknown. */
  horizonMonths: number | null;
  bucket: TimelineBucket;
}

/** Default categories; the list is editable (data/nlu corpora), so stored values are plain strings. */
export const MOTIVATION_CATEGORIES = ['replace', 'growth', 'new-project', 'cost', 'compliance', 'problem', 'curious', 'other'] as const;
export type MotivationCategory = (typeof MOTIVATION_CATEGORIES)[number] | (string & {});

export interface Motivation {
  text: string;
  category: MotivationCategory;
  /** Classifier confidence 0..1 (absent when the visitor picked the category from a choice). */
  confidence?: number;
}

export interface Budget {
  amount: number;
  /** ISO 4217 code, e.g. EUR, USD. */
  currency: string;
  /** Upper bound when the visitor gave a range ("entre 10 et 20 000 €": amount 10000, max 20000). */
  max?: number;
  period?: 'once' | 'month' | 'year';
}

export interface Project {
  text: string;
  /** Catalogue entry id when the answer matched the catalogue. */
  id?: string;
  label?: string;
}

export type Role = 'decision-maker' | 'influencer' | 'user' | 'student' | 'other';

export interface Segment {
  /** ISO 3166-1 alpha-2 */
  country?: string;
  sector?: string;
  /** Band, e.g. '1-9', '10-49', '50-249', '250-999', '1000+' */
  companySize?: string;
}

export interface ScoreLine {
  rule: string;
  points: number;
  reason: string;
}

/** A hand-off moment recorded in a lead's history (a sales rep joined or left the live conversation). */
export type HandoffEvent = 'rep-joined' | 'rep-left';

/** What the scoring rules say about a lead: the score with a breakdown a rep can read, and whether it qualifies. */
export interface LeadScore {
  score: number;
  temperature: Temperature;
  breakdown: ScoreLine[];
  qualified: boolean;
  /** Segment fields the rules derived (company size band…); absent when the score is given, e.g. in a transcript test. */
  segment?: Segment;
}

export interface HistoryEntry {
  /** The stage reached, or the stage the lead was in when `event` happened. */
  stage: Stage;
  at: Date;
  by?: string;
  reason?: string;
  /** Absent for a stage change. */
  event?: HandoffEvent;
}

/** A call-back slot the visitor picked when nobody could join the conversation. */
export interface Callback {
  /** Start of the slot. */
  at: Date;
  /** As offered to the visitor, in their language and the team's time zone. */
  label: string;
  timezone: string;
  chosenAt: Date;
}

/** A sales note on the lead (console). */
export interface LeadNote {
  text: string;
  by: string;
  at: Date;
}

export interface Consent {
  given: boolean;
  at: Date;
  /** Wording version the visitor agreed to, so consent can be proven later. */
  text?: string;
}

export interface BehaviourEvent {
  name: string;
  at: Date;
  props?: Record<string, string | number | boolean>;
}

/** Website signals: pages, time on site, repeat visits, key events. */
export interface Behaviour {
  pageViews: number;
  timeOnSiteSec: number;
  visits: number;
  pages?: { url: string; title?: string; seconds?: number; at: Date }[];
  events?: BehaviourEvent[];
  referrer?: string;
  utm?: Record<string, string>;
}

export interface Lead {
  _id: string;
  email?: string;
  name?: string;
  phone?: string;
  /**
   * Set with `phone`. false: no allocated number range matches it (libphonenumber), but the visitor
   * typed it twice the same, so it is kept for sales to check.
   */
  phoneVerified?: boolean;
  company?: string;
  /** Company e-mail domain vs free mail (gmail.com…) — a signal for B2B scoring. */
  emailKind?: 'company' | 'free' | 'disposable';
  stage: Stage;
  score: number;
  temperature: Temperature;
  scoreBreakdown: ScoreLine[];
  project?: Project;
  timeline?: Timeline;
  motivation?: Motivation;
  budget?: Budget;
  role?: Role;
  segment?: Segment;
  channel?: string;
  locale?: Locale;
  consent?: Consent;
  behaviour?: Behaviour;
  /** Channel-qualified ids this person was seen with: `web:<visitorId>`, `slack:<team>:<user>`, `msteams:<id>`… */
  visitorIds: string[];
  /** Sales rep who claimed the lead (Slack user id). */
  owner?: string;
  rejectionReason?: string;
  /** Call-back slot chosen when no rep could take the conversation live. */
  callback?: Callback;
  notes?: LeadNote[];
  history: HistoryEntry[];
  createdAt: Date;
  updatedAt: Date;
  /** Kept by the store, in the same write as the history it sums up, so reports count in the database (see funnel-facts.ts). */
  report?: LeadReportFacts;
}

/** What the funnel reads of a lead, derived from its history and creation date. */
export interface LeadReportFacts {
  /** The furthest funnel level the lead ever reached (FUNNEL_LEVEL of its history's stages). */
  level: number;
  /** Day of creation, UTC `YYYY-MM-DD`. */
  day: string;
  /** Milliseconds from creation to the first move to MQL; absent while never qualified. */
  msToQualify?: number;
}

/** Fields a conversation may set on a lead. Identity, stage and bookkeeping go through the repository. */
export type LeadPatch = Partial<Omit<Lead, '_id' | 'stage' | 'history' | 'visitorIds' | 'notes' | 'createdAt' | 'updatedAt' | 'report'>>;
