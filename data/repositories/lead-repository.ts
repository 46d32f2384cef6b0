/**
 * LeadRepository over the collection abstraction (written once for both stores). No multi-document
 * transactions: each e-mail and visitor id is a key claimed in `lead_keys` (see lead-keys.ts), so
 * concurrent upserts collide on the key, and the loser retries on fresh data — there is never more
 * than one lead per e-mail or visitor.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { STAGES, type HandoffEvent, type HistoryEntry, type Lead, type LeadNote, type LeadPatch, type Stage } from '../../core/lead/model.js';
import { LEAD_QUERY_LIMITS, LEAD_SORTS, type EventRepository, type LeadIdentity, type LeadQuery, type LeadRepository, type StageChange } from '../../core/ports/repository.js';
import type { DocCollection, Filter, IndexSpec, Sort, Update } from '../collection.js';
import { isDuplicateKeyError } from '../errors.js';
import { normaliseEmail, optionalString, requireDate, requireFiniteNumber, requireInteger, requireString } from '../guards.js';
import { randomId } from '../ids.js';
import { carries, keysOf, LeadKeys, STALE_KEY_MS, type LeadKey, type LeadKeyDoc } from './lead-keys.js';
import { mergedFields } from './lead-merge.js';
import { checkLeadPatch } from './lead-patch.js';
import { FUNNEL_LEVEL, msToQualify, reportFacts } from '../../core/lead/funnel-facts.js';

/** Lookups only: uniqueness of e-mails and visitor ids is kept by `lead_keys`. */
export const LEAD_INDEXES: readonly IndexSpec[] = [
  { name: 'email', key: { email: 1 } },
  { name: 'visitorIds', key: { visitorIds: 1 } },
  // The admin list's filters (stage, channel) with its sorts, so a filtered page and its total are read from the index.
  { name: 'stage_updatedAt', key: { stage: 1, updatedAt: -1 } },
  { name: 'stage_score', key: { stage: 1, score: -1 } },
  { name: 'channel_updatedAt', key: { channel: 1, updatedAt: -1 } },
  // One per list sort, keyed exactly as `list` sorts ({field, _id} in one direction, read either
  // way), so MongoDB walks the index for an unfiltered page instead of sorting every lead in memory.
  ...LEAD_SORTS.map((field): IndexSpec => ({ name: `${field}_id`, key: { [field]: -1, _id: -1 } })),
  // The funnel's counts of a period by day, level and score, and its times to qualify: on SQLite
  // read from this index alone.
  { name: 'createdAt_report', key: { createdAt: 1, 'report.day': 1, 'report.level': 1, score: 1, 'report.msToQualify': 1 } },
];

const MAX_ATTEMPTS = 10;
/** Pause before retrying after meeting a key whose lead is still being written (ms, times the attempt). */
const IN_PROGRESS_PAUSE_MS = 25;
/** Quick retries for a live writer (which holds a key for milliseconds) before a claim counts as a crashed writer's. */
const QUICK_ATTEMPTS = 3;

/** A key is held by a lead that does not carry it (yet): retry, at the latest once the claim may be taken over. */
interface InProgress {
  staleInMs: number;
}
const isInProgress = (outcome: unknown): outcome is InProgress => typeof outcome === 'object' && outcome !== null && 'staleInMs' in outcome;

/**
 * A live writer finishes within the quick retries. A claim still orphaned after them was left by
 * a writer that crashed between claiming a key and writing its lead: wait until it may be taken
 * over (STALE_KEY_MS at most) instead of failing the visitor's turn.
 */
function pauseBeforeRetry(outcome: InProgress, attempt: number): number {
  return attempt <= QUICK_ATTEMPTS ? IN_PROGRESS_PAUSE_MS * attempt : Math.min(Math.max(outcome.staleInMs, IN_PROGRESS_PAUSE_MS), STALE_KEY_MS);
}
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;
const MAX_NOTES = 500;

/**
 * Another collection holding a person's data, erased with their lead before the lead itself: under
 * their visitor ids (events, transcripts, conversation state) or the lead's id (outbox items).
 */
export type LeadData = (lead: Lead) => Promise<unknown>;

/** The person's visitors' records in a collection keyed by visitor ids. */
export function byVisitor(data: Pick<EventRepository, 'removeByVisitor'>): LeadData {
  return (lead) => data.removeByVisitor(lead.visitorIds);
}

/** Runs once a lead is erased (only its id is known by then): purge the store's files, tell webhooks. */
export type ErasureListener = (leadId: string) => Promise<void>;

/** A collection whose anonymous records expire, except those of visitors who became a lead with an e-mail. */
export interface RetainedVisitorData {
  keepVisitors(visitorIds: readonly string[]): Promise<unknown>;
}

export class DocLeadRepository implements LeadRepository {
  private readonly erasureListeners: ErasureListener[] = [];
  private readonly keys: LeadKeys;

  constructor(
    private readonly leads: DocCollection<Lead>,
    keys: DocCollection<LeadKeyDoc>,
    private readonly leadData: readonly LeadData[],
    private readonly retained: readonly RetainedVisitorData[] = [],
    private readonly now: () => Date = () => new Date(),
  ) {
    this.keys = new LeadKeys(keys, now);
  }

  async get(id: string): Promise<Lead | null> {
    return this.leads.findOne({ _id: requireString(id, 'lead id', 200) });
  }

  async findByEmail(email: string): Promise<Lead | null> {
    return this.leadByKey({ kind: 'email', value: normaliseEmail(email) });
  }

  async findByVisitorId(visitorId: string): Promise<Lead | null> {
    return this.leadByKey({ kind: 'visitor', value: requireString(visitorId, 'visitorId') });
  }

  /**
   * Through the key's document: two `_id` lookups, which every server answers from its primary
   * index (FerretDB 1.24 on SQLite scans the whole collection for any other field).
   */
  private async leadByKey(key: LeadKey): Promise<Lead | null> {
    const leadId = await this.keys.holder(key);
    const lead = leadId === undefined ? null : await this.leads.findOne({ _id: leadId });
    return lead && carries(lead, key) ? lead : null;
  }

  async upsert(identity: LeadIdentity, patch: LeadPatch, stage?: StageChange): Promise<Lead> {
    const fields = checkLeadPatch(patch);
    const who = checkIdentity(identity, fields.email);
    delete fields.email; // identity, applied separately
    const change = stage === undefined ? undefined : checkStageChange(stage);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        const outcome = await this.tryUpsert(who, fields, change);
        if (isInProgress(outcome)) await sleep(pauseBeforeRetry(outcome, attempt));
        else if (outcome) {
          if (outcome.newlyIdentified) for (const data of this.retained) await data.keepVisitors(outcome.lead.visitorIds);
          return outcome.lead;
        }
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
    throw new Error(`lead upsert gave up after ${MAX_ATTEMPTS} conflicting attempts`);
  }

  async changeStage(id: string, change: StageChange): Promise<Lead | null> {
    const leadId = requireString(id, 'lead id', 200);
    const checked = checkStageChange(change);
    const now = this.now();
    // Qualifying needs the creation date for the report facts (it never changes but in a merge).
    const createdAt = checked.to === 'mql' ? (await this.get(leadId))?.createdAt : undefined;
    const moved = await this.leads.findOneAndUpdate(
      { _id: leadId, stage: { $in: movableFrom(checked) } },
      { $set: { stage: checked.to, updatedAt: now }, $push: { history: historyEntry(checked, now) }, ...reportUpdate(checked, now, createdAt) },
    );
    if (moved) return moved;
    const lead = await this.get(leadId);
    return lead && lead.stage === checked.to && (!checked.from || checked.from.includes(checked.to)) ? lead : null;
  }

  async claim(id: string, owner: string): Promise<{ lead: Lead | null; claimed: boolean }> {
    const leadId = requireString(id, 'lead id', 200);
    const claimedBy = requireString(owner, 'owner', 200);
    const lead = await this.leads.findOneAndUpdate({ _id: leadId, owner: null }, { $set: { owner: claimedBy, updatedAt: this.now() } });
    return lead ? { lead, claimed: true } : { lead: await this.get(leadId), claimed: false };
  }

  async recordEvent(id: string, event: HandoffEvent, by: string, reason?: string): Promise<Lead | null> {
    const leadId = requireString(id, 'lead id', 200);
    if (event !== 'rep-joined' && event !== 'rep-left') throw new TypeError("history event must be 'rep-joined' or 'rep-left'");
    const entry = { event, by: requireString(by, 'by', 200), ...(reason !== undefined ? { reason: requireString(reason, 'reason', 5000) } : {}) };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const lead = await this.get(leadId);
      if (!lead) return null;
      const now = this.now();
      // Conditional on the stage read, so the entry never names a stage the lead has already left.
      const updated = await this.leads.findOneAndUpdate(
        { _id: leadId, stage: lead.stage },
        { $set: { updatedAt: now }, $push: { history: { stage: lead.stage, at: now, ...entry } satisfies HistoryEntry } },
      );
      if (updated) return updated;
    }
    throw new Error(`lead history event gave up after ${MAX_ATTEMPTS} conflicting attempts`);
  }

  async list(query: LeadQuery): Promise<{ items: Lead[]; total: number }> {
    const filter = leadFilter(query);
    const sortField = query.sort ?? 'updatedAt';
    if (!LEAD_SORTS.includes(sortField)) throw new TypeError(`sort must be one of ${LEAD_SORTS.join(', ')}`);
    if (query.order !== undefined && query.order !== 'asc' && query.order !== 'desc') throw new TypeError('order must be asc or desc');
    const direction = query.order === 'asc' ? 1 : -1;
    const sort: Sort = { [sortField]: direction, _id: direction };
    const limit = query.limit === undefined ? DEFAULT_LIMIT : Math.min(requireInteger(query.limit, 'limit', 1, Number.MAX_SAFE_INTEGER), MAX_LIMIT);
    const skip = query.skip === undefined ? 0 : requireInteger(query.skip, 'skip', 0, 1_000_000);
    return this.leads.page(filter, { sort, skip, limit });
  }

  async funnel(): Promise<Record<Stage, number>> {
    const counts = await this.leads.countBy('stage');
    return Object.fromEntries(STAGES.map((stage) => [stage, counts.get(stage) ?? 0])) as Record<Stage, number>;
  }

  async createdBetween(from: Date, to: Date, fields?: readonly (keyof Lead)[]): Promise<Lead[]> {
    return this.leads.find(createdBetween(from, to), fields ? { projection: fields } : {});
  }

  async reportCounts(from: Date, to: Date): Promise<{ day: string; level: number; score: number; leads: number }[]> {
    const rows = await this.leads.groupCount(createdBetween(from, to), { by: ['report.day', 'report.level', 'score'] });
    return rows.map((row) => ({ day: String(row.key[0]), level: Number(row.key[1] ?? 0), score: Number(row.key[2] ?? 0), leads: row.count }));
  }

  async qualifyTimes(from: Date, to: Date): Promise<{ ms: number; leads: number }[]> {
    // A range rather than `$exists` (never negative): SQLite then answers from the index alone.
    const rows = await this.leads.groupCount({ ...createdBetween(from, to), 'report.msToQualify': { $gte: 0 } }, { by: ['report.msToQualify'] });
    return rows.map((row) => ({ ms: Number(row.key[0]), leads: row.count }));
  }

  async assign(id: string, owner: string | null): Promise<Lead | null> {
    const leadId = requireString(id, 'lead id', 200);
    const update: Update = owner === null
      ? { $unset: { owner: '' }, $set: { updatedAt: this.now() } }
      : { $set: { owner: requireString(owner, 'owner', 200), updatedAt: this.now() } };
    return this.leads.findOneAndUpdate({ _id: leadId }, update);
  }

  async addNote(id: string, note: LeadNote): Promise<Lead | null> {
    const leadId = requireString(id, 'lead id', 200);
    const checked: LeadNote = { text: requireString(note.text, 'note', 5000), by: requireString(note.by, 'note author', 200), at: requireDate(note.at, 'note date') };
    // Bounded like every list on the lead: the oldest notes stay, a flood is refused.
    return this.leads.findOneAndUpdate(
      { _id: leadId, [`notes.${MAX_NOTES - 1}`]: { $exists: false } },
      { $push: { notes: checked }, $set: { updatedAt: this.now() } },
    );
  }

  /**
   * The visitors' data goes first: if erasure stops half-way, the lead still names what is left and
   * a retry finishes it. The lead is then deleted only if its visitor ids are still those whose
   * data was erased; one added meanwhile (a merge, a new channel) sends erasure round again.
   */
  async remove(id: string): Promise<boolean> {
    const leadId = requireString(id, 'lead id', 200);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const lead = await this.get(leadId);
      if (!lead) return false;
      for (const erase of this.leadData) await erase(lead);
      if (await this.leads.deleteOne({ _id: leadId, visitorIds: lead.visitorIds })) {
        await this.keys.releaseAll(leadId);
        for (const listener of this.erasureListeners) await listener(leadId);
        return true;
      }
    }
    throw new Error(`lead erasure gave up after ${MAX_ATTEMPTS} concurrent changes of its visitor ids`);
  }

  /** Listeners run in registration order after every erasure; a failure fails the erasure call (it can be retried). */
  onErased(listener: ErasureListener): void {
    this.erasureListeners.push(listener);
  }

  /**
   * One attempt; null means "lost a race, try again on fresh data", InProgress "… after a pause".
   * `newlyIdentified`: the lead has an e-mail and gained it or a visitor id just now, so those
   * visitors' conversations must be kept.
   */
  private async tryUpsert(who: LeadIdentity, fields: LeadPatch, change: StageChange | undefined): Promise<{ lead: Lead; newlyIdentified: boolean } | null | InProgress> {
    const [byEmail, byVisitor] = await Promise.all([
      who.email ? this.leadByKey({ kind: 'email', value: who.email }) : null,
      who.visitorId ? this.leadByKey({ kind: 'visitor', value: who.visitorId }) : null,
    ]);
    const identified = (lead: Lead | null | InProgress, before: Lead | null) =>
      lead === null || isInProgress(lead)
        ? lead
        : { lead, newlyIdentified: lead.email !== undefined && (before?.email === undefined || (who.visitorId !== undefined && !before.visitorIds.includes(who.visitorId))) };
    if (byEmail && byVisitor && byEmail._id !== byVisitor._id) return identified(await this.merge(byEmail, byVisitor, who, fields, change), null);
    const existing = byEmail ?? byVisitor;
    if (existing) return identified(await this.update(existing, who, fields, change, []), existing);
    const lead = this.newLead(who, fields, change);
    const claimed = await this.claimKeys(lead._id, keysOf(lead));
    if (claimed !== true) return claimed;
    await this.leads.insertOne(lead);
    return identified(lead, null);
  }

  /** True when every key is now held by `leadId`; otherwise what the upsert loop should do. */
  private async claimKeys(leadId: string, keys: readonly LeadKey[]): Promise<true | null | InProgress> {
    const conflict = await this.keys.claim(leadId, keys);
    if (!conflict) return true;
    const holder = conflict.holder.leadId ? await this.leads.findOne({ _id: conflict.holder.leadId }) : null;
    if (holder && carries(holder, conflict.key)) return null;
    return { staleInMs: await this.keys.takeOver(conflict.holder) };
  }

  /**
   * Fold `source` (the visitor's lead) into `target` (the e-mail's lead). Order matters for crash
   * safety: copy the data first, then delete the source, then move its visitor ids over.
   */
  private async merge(target: Lead, source: Lead, who: LeadIdentity, fields: LeadPatch, change: StageChange | undefined): Promise<Lead | null | InProgress> {
    const copied = await this.leads.updateOne({ _id: target._id, updatedAt: target.updatedAt }, { $set: { ...mergedFields(target, source), updatedAt: this.now() } });
    if (!copied) return null;
    const removed = await this.leads.deleteOne({ _id: source._id, updatedAt: source.updatedAt });
    if (!removed) return null;
    await this.keys.move(keysOf({ visitorIds: source.visitorIds }), source._id, target._id);
    await this.keys.releaseAll(source._id);
    return this.update(target, who, fields, change, source.visitorIds);
  }

  private async update(
    lead: Lead,
    who: LeadIdentity,
    fields: LeadPatch,
    change: StageChange | undefined,
    movedVisitorIds: readonly string[],
  ): Promise<Lead | null | InProgress> {
    const newKeys = keysOf({ email: who.email, visitorIds: who.visitorId ? [who.visitorId] : [] }).filter((key) => !carries(lead, key));
    const claimed = await this.claimKeys(lead._id, newKeys);
    if (claimed !== true) return claimed;
    const updated = await this.applyUpdate(lead, who, fields, change, movedVisitorIds);
    if (!updated) {
      await this.keys.release(lead._id, newKeys);
      return null;
    }
    if (lead.email && updated.email !== lead.email) await this.keys.release(lead._id, [{ kind: 'email', value: lead.email }]);
    return updated;
  }

  private async applyUpdate(lead: Lead, who: LeadIdentity, fields: LeadPatch, change: StageChange | undefined, movedVisitorIds: readonly string[]): Promise<Lead | null> {
    const id = lead._id;
    const now = this.now();
    const visitorIds = [...new Set([...movedVisitorIds, ...(who.visitorId ? [who.visitorId] : [])])];
    const update: Update = { $set: { ...setPaths(fields), ...(who.email ? { email: who.email } : {}), updatedAt: now } };
    if (visitorIds.length > 0) update.$addToSet = { visitorIds: { $each: visitorIds } };
    if (change) {
      const moved = await this.leads.findOneAndUpdate(
        { _id: id, stage: { $in: movableFrom(change) } },
        { ...update, $set: { ...update.$set, stage: change.to }, $push: { history: historyEntry(change, now) }, ...reportUpdate(change, now, lead.createdAt) },
      );
      if (moved) return moved;
    }
    return this.leads.findOneAndUpdate({ _id: id }, update);
  }

  private newLead(who: LeadIdentity, fields: LeadPatch, change: StageChange | undefined): Lead {
    const now = this.now();
    const stage = change && movableFrom(change).includes('visitor') ? change.to : 'visitor';
    const history = [change && stage === change.to ? historyEntry(change, now) : { stage, at: now }];
    return {
      score: 0,
      temperature: 'cold',
      scoreBreakdown: [],
      ...fields,
      _id: randomId(),
      ...(who.email ? { email: who.email } : {}),
      stage,
      visitorIds: who.visitorId ? [who.visitorId] : [],
      history,
      createdAt: now,
      updatedAt: now,
      report: reportFacts({ stage, history, createdAt: now }),
    };
  }
}

function checkIdentity(identity: LeadIdentity, patchEmail: unknown): LeadIdentity {
  if (identity === null || typeof identity !== 'object') throw new TypeError('lead identity must be an object');
  const visitorId = optionalString(identity.visitorId, 'visitorId');
  const rawEmail = identity.email ?? patchEmail;
  const email = rawEmail === undefined ? undefined : normaliseEmail(rawEmail);
  if (!visitorId && !email) throw new TypeError('lead identity needs a visitorId or an email');
  return { ...(visitorId ? { visitorId } : {}), ...(email ? { email } : {}) };
}

function checkStage(value: unknown, what: string): Stage {
  if (!STAGES.includes(value as Stage)) throw new TypeError(`${what} must be one of ${STAGES.join(', ')}`);
  return value as Stage;
}

function checkStageChange(change: StageChange): StageChange {
  if (change === null || typeof change !== 'object') throw new TypeError('stage change must be an object');
  if (change.from !== undefined && !Array.isArray(change.from)) throw new TypeError('stage change `from` must be an array');
  return {
    to: checkStage(change.to, 'stage'),
    ...(change.from ? { from: change.from.map((s) => checkStage(s, 'from stage')) } : {}),
    ...(change.by !== undefined ? { by: requireString(change.by, 'by', 200) } : {}),
    ...(change.reason !== undefined ? { reason: requireString(change.reason, 'reason', 5000) } : {}),
  };
}

/** Stages a lead may move from; never the target itself, so a repeated move adds no history. */
function movableFrom(change: StageChange): Stage[] {
  return (change.from ?? STAGES).filter((stage) => stage !== change.to);
}

/**
 * The report facts a stage move changes, in the same update: `$max` of the level and `$min` of the
 * time to qualify commute, so concurrent moves leave what the history says.
 */
function reportUpdate(change: StageChange, at: Date, createdAt: Date | undefined): Pick<Update, '$max' | '$min'> {
  return {
    $max: { 'report.level': FUNNEL_LEVEL[change.to] },
    ...(change.to === 'mql' && createdAt ? { $min: { 'report.msToQualify': msToQualify(createdAt, at) } } : {}),
  };
}

/** Leads stored before the report facts existed get them once, at start (paged by `_id`). */
export async function backfillReportFacts(leads: DocCollection<Lead>): Promise<void> {
  const PAGE = 500;
  for (;;) {
    const page = await leads.find({ 'report.day': { $exists: false } }, { limit: PAGE });
    for (const lead of page) await leads.updateOne({ _id: lead._id, updatedAt: lead.updatedAt }, { $set: { report: reportFacts(lead) } });
    if (page.length < PAGE) return;
  }
}

function historyEntry(change: StageChange, at: Date): HistoryEntry {
  return { stage: change.to, at, ...(change.by ? { by: change.by } : {}), ...(change.reason ? { reason: change.reason } : {}) };
}

/** `segment` is a bag of independent facts: set them one by one so a later answer does not erase earlier ones. */
function setPaths(fields: LeadPatch): Record<string, unknown> {
  const { segment, ...rest } = fields;
  const paths: Record<string, unknown> = { ...rest };
  for (const [key, value] of Object.entries(segment ?? {})) if (value !== undefined) paths[`segment.${key}`] = value;
  return paths;
}

function createdBetween(from: Date, to: Date): Filter {
  return { createdAt: { $gte: requireDate(from, 'from'), $lt: requireDate(to, 'to') } };
}

function leadFilter(query: LeadQuery): Filter {
  if (query === null || typeof query !== 'object') throw new TypeError('lead query must be an object');
  const filter: Filter = {};
  if (query.stage !== undefined) filter.stage = checkStage(query.stage, 'stage');
  if (query.temperature !== undefined) filter.temperature = requireString(query.temperature, 'temperature', 20);
  if (query.minScore !== undefined || query.maxScore !== undefined) {
    filter.score = {
      ...(query.minScore !== undefined ? { $gte: requireFiniteNumber(query.minScore, 'minScore') } : {}),
      ...(query.maxScore !== undefined ? { $lte: requireFiniteNumber(query.maxScore, 'maxScore') } : {}),
    };
  }
  for (const key of ['country', 'sector', 'companySize'] as const) {
    if (query[key] !== undefined) filter[`segment.${key}`] = requireString(query[key], key, 100);
  }
  if (query.createdFrom !== undefined || query.createdTo !== undefined) {
    filter.createdAt = {
      ...(query.createdFrom !== undefined ? { $gte: requireDate(query.createdFrom, 'createdFrom') } : {}),
      ...(query.createdTo !== undefined ? { $lt: requireDate(query.createdTo, 'createdTo') } : {}),
    };
  }
  if (query.email !== undefined) filter.email = normaliseEmail(query.email);
  if (query.channel !== undefined) filter.channel = requireString(query.channel, 'channel', LEAD_QUERY_LIMITS.channel);
  if (query.updatedSince !== undefined) filter.updatedAt = { $gte: requireDate(query.updatedSince, 'updatedSince') };
  if (query.text !== undefined) {
    const pattern = new RegExp(escapeRegExp(requireString(query.text, 'text', LEAD_QUERY_LIMITS.text)), 'i');
    filter.$or = [{ name: { $regex: pattern } }, { email: { $regex: pattern } }, { company: { $regex: pattern } }];
  }
  return filter;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
