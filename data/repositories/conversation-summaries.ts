/**
 * One summary per conversation (collection `conversations`), kept up to date as its transcript
 * lines are appended, so the reports count conversations in the database instead of reading
 * every line: when and where the visitor first spoke (the funnel's conversations) and each
 * question's outcome so far (the drop-off report, core/reports/conversation-fold.ts).
 *
 * Concurrency: a summary carries a version; a writer folds its line into the summary it read
 * and stores the result only if the version is unchanged, else it reads again. A line older than
 * the last one folded (lines appended out of order), or a missing summary, makes the writer fold
 * the conversation's lines again from the start, in time order. `rebuild` refolds everything
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
  lastAt: Date;
  lastSeq?: number;
  fold: ConversationFold;
  /** foldOutcome(fold), stored so the database can count it. */
  steps: { slot: string; outcome: StepOutcome; reasked: number }[];
  leftAt?: string;
  expiresAt?: Date;
}

export const CONVERSATION_INDEXES: readonly IndexSpec[] = [
  { name: 'startedAt_day', key: { startedAt: 1, day: 1, leftAt: 1 } },
  EXPIRY_INDEX,
];

const MAX_ATTEMPTS = 20;

type Line = TranscriptEntry & { _id: string };

/** Whether a visitor's line is one of the scripts' skip phrases (the drop-off report's "skipped"). */
export type SkipReply = (text: string) => boolean;

export class ConversationSummaries {
  constructor(
    readonly summaries: DocCollection<ConversationSummary>,
    private readonly lines: DocCollection<Line & { expiresAt?: Date }>,
    private readonly isSkip: SkipReply,
  ) {}

  get(conversationId: string): Promise<ConversationSummary | null> {
    return this.summaries.findOne({ _id: conversationId });
  }

  /** Folds a line just stored into its conversation's summary; `known` is the summary read before storing it. */
  async add(line: Line, expiresAt: Date | undefined, known: ConversationSummary | null): Promise<void> {
    let summary = known;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const inOrder = !summary || line.at > summary.lastAt || (line.at.getTime() === summary.lastAt.getTime() && (line.seq ?? 0) >= (summary.lastSeq ?? 0));
      // No summary yet (a new conversation, or one being rebuilt): folded from every stored line, this one included.
      const next = summary && inOrder ? this.folded(summary, [line]) : this.folded(null, await this.linesOf(line.conversationId));
      next._id = line.conversationId;
      if (expiresAt && !(summary && summary.expiresAt === undefined)) next.expiresAt = summary?.expiresAt && summary.expiresAt > expiresAt ? summary.expiresAt : expiresAt;
      else delete next.expiresAt;
      try {
        if (!summary) {
          await this.summaries.insertOne(next);
          return;
        }
        const { _id, ...fields } = next;
        const unset = (['startedAt', 'day', 'visitorId', 'scriptVersion', 'lastSeq', 'leftAt', 'expiresAt'] as const).filter((field) => fields[field] === undefined);
        if (await this.summaries.updateOne({ _id, version: summary.version }, { $set: { ...definedOnly(fields), version: summary.version + 1 }, ...(unset.length ? { $unset: Object.fromEntries(unset.map((f) => [f, ''])) as Record<string, ''> } : {}) })) return;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      summary = await this.get(line.conversationId);
    }
    throw new Error(`conversation summary of ${line.conversationId} gave up after ${MAX_ATTEMPTS} conflicting writes`);
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
      const expiring = lines.map((l) => (l as { expiresAt?: Date }).expiresAt);
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

  private folded(from: ConversationSummary | null, lines: readonly Line[]): ConversationSummary {
    const summary: ConversationSummary = from ? structuredClone(from) : { _id: '', version: 0, lastAt: lines[0]!.at, fold: emptyFold(), steps: [] };
    for (const line of lines) {
      foldLine(summary.fold, line, line.from === 'user' && this.isSkip(line.text));
      if (line.from === 'user' && line.visitorId && (!summary.startedAt || line.at < summary.startedAt)) {
        summary.startedAt = line.at;
        summary.day = utcDay(line.at);
        summary.visitorId = line.visitorId;
      }
      if (line.scriptVersion && !summary.scriptVersion) summary.scriptVersion = line.scriptVersion;
      summary.lastAt = line.at;
      if (line.seq !== undefined) summary.lastSeq = line.seq;
      else delete summary.lastSeq;
    }
    const { steps, leftAt } = foldOutcome(summary.fold);
    summary.steps = steps;
    if (leftAt !== undefined) summary.leftAt = leftAt;
    else delete summary.leftAt;
    return summary;
  }
}

/** Time order, then the channel's sequence, then arrival (ids are time-ordered): the order the report reads lines in. */
function inTimeOrder(lines: Line[]): Line[] {
  return lines.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.seq ?? 0) - (b.seq ?? 0) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

function definedOnly(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
