/**
 * One summary per conversation (collection `conversations`), kept up to date as its transcript
 * lines are appended, so the reports count conversations in the database instead of reading
 * every line: when and where the visitor first spoke (the funnel's conversations) and each
 * question's outcome so far (the drop-off report, core/reports/conversation-fold.ts).
 *
 * Writes: lines are stored first, then folded into the summary (so a summary never counts a line
 * the store has not got). In one process, the lines of a conversation are recorded one batch at a
 * time: lines appended together (a turn's) are stored together and folded in one summary write.
 * Across processes, a summary carries a version; a writer stores its fold only if the version is
 * unchanged, else it reads again. A line that does not come after the last one folded (lines
 * appended out of order, or already folded by a writer that read them all), or a missing summary,
 * makes the writer fold the conversation's lines again from the start, in time order: folding
 * again is idempotent, so no line is ever folded in twice. `rebuild` refolds everything
 * (`leadq reports rebuild`).
 */
import type { TranscriptEntry } from '../../core/ports/repository.js';
import { emptyFold, foldLine, foldOutcome, type ConversationFold, type StepOutcome } from '../../core/reports/conversation-fold.js';
import { utcDay } from '../../core/lead/funnel-facts.js';
import type { Doc, DocCollection, IndexSpec } from '../collection.js';
import { isDuplicateKeyError } from '../errors.js';
import { EXPIRY_INDEX } from './expiry.js';

export interface ConversationSummary extends Doc {
  version: number;
  /** First line in which the visitor (a line with their visitorId) spoke: the conversation's start for the funnel. */
  startedAt?: Date;
  day?: string;
  visitorId?: string;
  /** The dialog script version the bot ran (first one recorded). */
  scriptVersion?: string;
  /** The last line folded, in the order lines are read: time, then channel sequence, then id. */
  lastAt: Date;
  lastSeq?: number;
  lastId: string;
  fold: ConversationFold;
  /**
   * foldOutcome(fold) as one string, JSON `[[slot, outcome, reasked], …]`: the database groups the
   * conversations that went the same way and leadq adds the steps up (no `$unwind`, and on SQLite
   * read from the reports index alone).
   */
  outcomes: string;
  leftAt?: string;
  expiresAt?: Date;
}

export const CONVERSATION_INDEXES: readonly IndexSpec[] = [
  // Every field the reports group by: on SQLite they are read from this index alone.
  { name: 'startedAt_reports', key: { startedAt: 1, day: 1, scriptVersion: 1, leftAt: 1, outcomes: 1, visitorId: 1 } },
  EXPIRY_INDEX,
];

const MAX_ATTEMPTS = 20;

type Line = TranscriptEntry & { _id: string; expiresAt?: Date };

/** Whether a visitor's line is one of the scripts' skip phrases (the drop-off report's "skipped"). */
export type SkipReply = (text: string) => boolean;

/** A line to store: its retention date is decided when it is recorded. */
export type NewLine = Omit<Line, 'expiresAt'>;

interface Pending {
  line: NewLine;
  done: (err?: unknown) => void;
}

export class ConversationSummaries {
  /** Lines waiting to be recorded, per conversation with a batch under way. */
  private readonly queues = new Map<string, Pending[]>();

  constructor(
    readonly summaries: DocCollection<ConversationSummary>,
    private readonly lines: DocCollection<Line>,
    private readonly isSkip: SkipReply,
    /** When a line of a conversation not kept (its visitor left no e-mail) expires. */
    private readonly expiry: (at: Date) => Date,
  ) {}

  get(conversationId: string): Promise<ConversationSummary | null> {
    return this.summaries.findOne({ _id: conversationId });
  }

  /** Stores the line and folds it into its conversation's summary; resolves once both are written. */
  record(line: NewLine): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const pending: Pending = { line, done: (err) => (err === undefined ? resolve() : reject(err)) };
      const queue = this.queues.get(line.conversationId);
      if (queue) {
        queue.push(pending);
        return;
      }
      this.queues.set(line.conversationId, [pending]);
      void this.drain(line.conversationId);
    });
  }

  /** Records the conversation's queued lines, a batch at a time, until none is left. */
  private async drain(conversationId: string): Promise<void> {
    const queue = this.queues.get(conversationId)!;
    // Lines appended in the same tick (a turn's) make one batch.
    await Promise.resolve();
    while (queue.length > 0) {
      const batch = queue.splice(0, queue.length);
      try {
        await this.store(conversationId, batch.map((p) => p.line));
        for (const p of batch) p.done();
      } catch (err) {
        for (const p of batch) p.done(err);
      }
    }
    this.queues.delete(conversationId);
  }

  private async store(conversationId: string, batch: NewLine[]): Promise<void> {
    let summary = await this.get(conversationId);
    // Kept once its visitor left an e-mail: the summary says so; without one, the conversation is new unless lines were stored before.
    const fresh = !summary && (await this.lines.findOne({ conversationId })) === null;
    let kept = summary ? summary.expiresAt === undefined : !fresh && (await this.lines.findOne({ conversationId, expiresAt: { $exists: false } })) !== null;
    const stored: Line[] = batch.map((line) => (kept ? line : { ...line, expiresAt: this.expiry(line.at) }));
    const inserting = Promise.all(stored.map((line) => this.lines.insertOne(line)));
    // The lines are stored before the summary that counts them. Where writes apply in call order
    // (the embedded store), the summary is written in the same tick: one commit for both.
    if (!this.lines.appliesInCallOrder) await inserting;
    const lastExpiry = kept ? undefined : new Date(Math.max(...stored.map((line) => line.expiresAt!.getTime())));
    const ordered = inTimeOrder([...stored]);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // Lines after the last one folded are folded in; otherwise (out of order, already folded by a
      // writer that read every line, or no summary yet) the conversation is folded again from its lines.
      const next =
        summary && after(ordered[0]!, summary) ? this.folded(summary, ordered) : this.folded(null, fresh && !summary && attempt === 1 ? ordered : await this.linesOf(conversationId));
      const [written] = await Promise.all([this.write(summary, this.withExpiry(next, conversationId, summary, kept ? undefined : lastExpiry)), inserting]);
      if (written) return;
      summary = await this.get(conversationId);
      if (!kept && summary?.expiresAt === undefined && summary !== null) {
        // Kept meanwhile (its visitor became a lead, keepVisitors): so are this batch's lines.
        await inserting;
        await this.lines.updateMany({ _id: { $in: stored.map((line) => line._id) } }, { $unset: { expiresAt: '' } });
        kept = true;
      }
    }
    throw new Error(`conversation summary of ${conversationId} gave up after ${MAX_ATTEMPTS} conflicting writes`);
  }

  private withExpiry(next: ConversationSummary, conversationId: string, known: ConversationSummary | null, expiresAt: Date | undefined): ConversationSummary {
    next._id = conversationId;
    if (expiresAt && !(known && known.expiresAt === undefined)) next.expiresAt = known?.expiresAt && known.expiresAt > expiresAt ? known.expiresAt : expiresAt;
    else delete next.expiresAt;
    return next;
  }

  /** Writes `next` if the summary is still `known` (by version; none: still absent); false when another writer got in first. */
  private async write(known: ConversationSummary | null, next: ConversationSummary): Promise<boolean> {
    try {
      if (!known) {
        await this.summaries.insertOne({ ...next, version: 0 });
        return true;
      }
      const { _id, ...fields } = next;
      const unset = (['startedAt', 'day', 'visitorId', 'scriptVersion', 'lastSeq', 'leftAt', 'expiresAt'] as const).filter((field) => fields[field] === undefined);
      return await this.summaries.updateOne(
        { _id, version: known.version },
        { $set: { ...definedOnly(fields), version: known.version + 1 }, ...(unset.length ? { $unset: Object.fromEntries(unset.map((f) => [f, ''])) as Record<string, ''> } : {}) },
      );
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  /**
   * Refolds every conversation from its lines (summaries lost, or made before they existed). Safe
   * while the bot runs: a line appended meanwhile refolds its conversation itself.
   */
  async rebuild(): Promise<number> {
    await this.summaries.deleteMany({});
    const all = await this.lines.find({});
    const byConversation = new Map<string, Line[]>();
    for (const line of all) (byConversation.get(line.conversationId) ?? byConversation.set(line.conversationId, []).get(line.conversationId)!).push(line);
    for (const [conversationId, lines] of byConversation) {
      const summary = this.folded(null, inTimeOrder(lines));
      summary._id = conversationId;
      const expiring = lines.map((l) => l.expiresAt);
      if (expiring.every((at) => at !== undefined)) summary.expiresAt = new Date(Math.max(...expiring.map((at) => at.getTime())));
      try {
        await this.summaries.insertOne(summary);
      } catch (err) {
        // A line appended meanwhile summed the conversation up already, from all its lines.
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
    return byConversation.size;
  }

  private async linesOf(conversationId: string): Promise<Line[]> {
    return inTimeOrder(await this.lines.find({ conversationId }));
  }

  /**
   * `from` with `lines` folded in (none: from scratch). `from.fold` is folded into in place, not
   * copied (the copy cost as much as the fold): pass a summary read for this write only.
   */
  private folded(from: ConversationSummary | null, lines: readonly Line[]): ConversationSummary {
    const summary: ConversationSummary = from ? { ...from } : { _id: '', version: 0, lastAt: lines[0]!.at, lastId: '', fold: emptyFold(), outcomes: '[]' };
    for (const line of lines) {
      foldLine(summary.fold, line, line.from === 'user' && this.isSkip(line.text));
      if (line.from === 'user' && line.visitorId && (!summary.startedAt || line.at < summary.startedAt)) {
        summary.startedAt = line.at;
        summary.day = utcDay(line.at);
        summary.visitorId = line.visitorId;
      }
      if (line.scriptVersion && !summary.scriptVersion) summary.scriptVersion = line.scriptVersion;
      summary.lastAt = line.at;
      summary.lastId = line._id;
      if (line.seq !== undefined) summary.lastSeq = line.seq;
      else delete summary.lastSeq;
    }
    const { steps, leftAt } = foldOutcome(summary.fold);
    summary.outcomes = encodeOutcomes(steps);
    if (leftAt !== undefined) summary.leftAt = leftAt;
    else delete summary.leftAt;
    return summary;
  }
}

/** Time order, then the channel's sequence, then arrival (ids are time-ordered): the order the report reads lines in. */
function compareLines(a: { at: Date; seq?: number; _id: string }, b: { at: Date; seq?: number; _id: string }): number {
  return a.at.getTime() - b.at.getTime() || (a.seq ?? 0) - (b.seq ?? 0) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);
}

function inTimeOrder(lines: Line[]): Line[] {
  return lines.sort(compareLines);
}

/** Whether `line` comes after every line folded into `summary` (so folding it in is the same as folding them all again). */
function after(line: Line, summary: ConversationSummary): boolean {
  return compareLines(line, { at: summary.lastAt, ...(summary.lastSeq !== undefined ? { seq: summary.lastSeq } : {}), _id: summary.lastId ?? '' }) > 0;
}

export type EncodedStep = [slot: string, outcome: StepOutcome, reasked: number];

function encodeOutcomes(steps: readonly { slot: string; outcome: StepOutcome; reasked: number }[]): string {
  return JSON.stringify(steps.map((s): EncodedStep => [s.slot, s.outcome, s.reasked]));
}

/** The steps of a summary's `outcomes`. */
export function decodeOutcomes(outcomes: string): EncodedStep[] {
  return JSON.parse(outcomes) as EncodedStep[];
}

function definedOnly(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
