/**
 * Conversation transcripts (collection `transcripts`), in conversation order. Retention: an entry
 * expires `anonymousDays` after it was said (`expiresAt`, deleted by the database) until the
 * visitor becomes a lead with an e-mail — then `keepVisitors` keeps their conversations, and
 * later entries of a kept conversation are kept too.
 */
import type { ConversationCount, DropoffCounts, TranscriptEntry, TranscriptRepository } from '../../core/ports/repository.js';
import { ConversationSummaries, decodeOutcomes, type ConversationSummary, type SkipReply } from './conversation-summaries.js';
import type { Doc, DocCollection, Filter, IndexSpec } from '../collection.js';
import { optionalString, requireDate, requireFiniteNumber, requireInteger, requireString, requireStrings } from '../guards.js';
import { timeOrderedId } from '../ids.js';
import { afterDays, DEFAULT_RETENTION, EXPIRY_INDEX } from './expiry.js';

export const TRANSCRIPT_INDEXES: readonly IndexSpec[] = [
  { name: 'conversation_at', key: { conversationId: 1, at: 1 } },
  { name: 'visitorId', key: { visitorId: 1 } },
  { name: 'at', key: { at: 1 } },
  EXPIRY_INDEX,
];

const MAX_ERASED_VISITOR_IDS = 10_000;

/** A chat message may be long, but not unbounded. */
const MAX_TEXT = 64 * 1024;

type StoredEntry = TranscriptEntry & Doc & { expiresAt?: Date };

export class DocTranscriptRepository implements TranscriptRepository {
  readonly summaries: ConversationSummaries;

  constructor(
    private readonly transcripts: DocCollection<StoredEntry>,
    conversations: DocCollection<ConversationSummary>,
    private readonly anonymousDays: number = DEFAULT_RETENTION.anonymousDays,
    isSkip: SkipReply = () => false,
  ) {
    this.summaries = new ConversationSummaries(conversations, transcripts, isSkip, (at) => afterDays(at, this.anonymousDays));
  }

  async append(entry: TranscriptEntry): Promise<void> {
    if (entry === null || typeof entry !== 'object') throw new TypeError('transcript entry must be an object');
    if (entry.from !== 'user' && entry.from !== 'bot' && entry.from !== 'agent') throw new TypeError("transcript entry `from` must be 'user', 'bot' or 'agent'");
    const author = checkAuthor(entry);
    if (typeof entry.text !== 'string' || entry.text.length > MAX_TEXT) throw new TypeError(`transcript text must be a string of at most ${MAX_TEXT} characters`);
    const slot = optionalString(entry.slot, 'slot', 100);
    const seq = entry.seq === undefined ? undefined : requireFiniteNumber(entry.seq, 'seq');
    const visitorId = optionalString(entry.visitorId, 'visitorId');
    const conversationId = requireString(entry.conversationId, 'conversationId');
    const at = requireDate(entry.at, 'at');
    const scriptVersion = optionalString(entry.scriptVersion, 'scriptVersion', 100);
    await this.summaries.record({
      _id: timeOrderedId(),
      conversationId,
      from: entry.from,
      text: entry.text,
      at,
      ...(slot !== undefined ? { slot } : {}),
      ...(seq !== undefined ? { seq } : {}),
      ...(visitorId !== undefined ? { visitorId } : {}),
      ...(author !== undefined ? { author } : {}),
      ...(scriptVersion !== undefined ? { scriptVersion } : {}),
    });
  }

  async conversationCounts(from: Date, to: Date): Promise<ConversationCount[]> {
    const rows = await this.summaries.summaries.groupCount(startedBetween(from, to), { by: ['day', 'scriptVersion'] });
    return rows.map((row) => ({ day: String(row.key[0]), scriptVersion: (row.key[1] as string | null) ?? null, conversations: row.count }));
  }

  async conversationVisitors(from: Date, to: Date): Promise<{ visitorId: string; scriptVersion: string | null; conversations: number }[]> {
    const rows = await this.summaries.summaries.groupCount(startedBetween(from, to), { by: ['visitorId', 'scriptVersion'] });
    return rows.map((row) => ({ visitorId: String(row.key[0]), scriptVersion: (row.key[1] as string | null) ?? null, conversations: row.count }));
  }

  rebuildSummaries(): Promise<number> {
    return this.summaries.rebuild();
  }

  async dropoffCounts(from: Date, to: Date): Promise<DropoffCounts> {
    // Conversations that went the same way are counted together by the store; their steps are added up here.
    const paths = await this.summaries.summaries.groupCount(startedBetween(from, to), { by: ['outcomes', 'leftAt'] });
    const steps = new Map<string, DropoffCounts['steps'][number]>();
    const left = new Map<string, number>();
    let conversations = 0;
    for (const { key: [outcomes, leftAt], count } of paths) {
      conversations += count;
      for (const [slot, outcome, reasked] of decodeOutcomes(String(outcomes))) {
        const id = JSON.stringify([slot, outcome]);
        const counted = steps.get(id) ?? steps.set(id, { slot, outcome, conversations: 0, reasked: 0 }).get(id)!;
        counted.conversations += count;
        counted.reasked += count * reasked;
      }
      if (typeof leftAt === 'string') left.set(leftAt, (left.get(leftAt) ?? 0) + count);
    }
    return { conversations, steps: [...steps.values()], left: [...left].map(([slot, n]) => ({ slot, conversations: n })) };
  }

  async list(conversationId: string, afterSeq?: number, limit = 500): Promise<TranscriptEntry[]> {
    const filter: Filter = { conversationId: requireString(conversationId, 'conversationId') };
    if (afterSeq !== undefined) filter.seq = { $gt: requireFiniteNumber(afterSeq, 'afterSeq') };
    const entries = await this.transcripts.find(filter, { sort: { at: 1, _id: 1 }, limit: requireInteger(limit, 'limit', 1, 10_000) });
    return entries.map(withoutStorageFields);
  }

  /** The visitors became a lead: their conversations no longer expire. Returns how many entries were kept. */
  async keepVisitors(visitorIds: readonly string[]): Promise<number> {
    const conversationIds = await this.conversationsOf(visitorIds);
    if (conversationIds.length === 0) return 0;
    // Summaries first, under a new version: a line being recorded meanwhile either reads the kept
    // summary, or fails its write, reads it again and keeps its own lines (conversation-summaries.ts);
    // lines stored before are found below.
    const summaries = this.summaries.summaries;
    const keepingSummaries = summaries.updateMany({ _id: { $in: conversationIds } }, { $unset: { expiresAt: '' }, $inc: { version: 1 } });
    // Where writes apply in call order (the embedded store), both go in one commit, summaries still first.
    if (!summaries.appliesInCallOrder) await keepingSummaries;
    const [, kept] = await Promise.all([keepingSummaries, this.transcripts.updateMany({ conversationId: { $in: conversationIds }, expiresAt: { $exists: true } }, { $unset: { expiresAt: '' } })]);
    return kept;
  }

  async listByVisitor(visitorIds: readonly string[]): Promise<TranscriptEntry[]> {
    const conversationIds = await this.conversationsOf(visitorIds);
    if (conversationIds.length === 0) return [];
    const entries = await this.transcripts.find({ conversationId: { $in: conversationIds } }, { sort: { at: 1, _id: 1 } });
    return entries.map(withoutStorageFields);
  }

  async between(from: Date, to: Date, speaker?: TranscriptEntry['from']): Promise<TranscriptEntry[]> {
    const filter: Filter = { at: { $gte: requireDate(from, 'from'), $lt: requireDate(to, 'to') } };
    if (speaker !== undefined) filter.from = speaker === 'user' ? 'user' : 'bot';
    // Sorted here rather than by the store: ids are time-ordered, and a report reads the whole period anyway.
    const entries = await this.transcripts.find(filter);
    entries.sort((a, b) => a.at.getTime() - b.at.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
    return entries.map(withoutStorageFields);
  }

  /** Whole conversations go: the bot's lines (not tagged with a visitor) say as much about the person as theirs. */
  async removeByVisitor(visitorIds: readonly string[]): Promise<number> {
    const conversationIds = await this.conversationsOf(visitorIds);
    if (conversationIds.length === 0) return 0;
    await this.summaries.summaries.deleteMany({ _id: { $in: conversationIds } });
    return this.transcripts.deleteMany({ conversationId: { $in: conversationIds } });
  }

  /** Conversations in which one of these visitors spoke (their entries carry the visitor id). */
  private async conversationsOf(visitorIds: readonly string[]): Promise<string[]> {
    const ids = requireStrings(visitorIds, 'visitorIds', MAX_ERASED_VISITOR_IDS);
    if (ids.length === 0) return [];
    // Only the conversation ids: a visitor's lines are many, and decoding them whole cost more than the look-up.
    const tagged = await this.transcripts.find({ visitorId: { $in: ids } }, { projection: ['conversationId'] });
    return [...new Set(tagged.map((entry) => entry.conversationId))];
  }
}

/** Conversations whose visitor first spoke in [from, to). */
function startedBetween(from: Date, to: Date): Filter {
  return { startedAt: { $gte: requireDate(from, 'from'), $lt: requireDate(to, 'to') } };
}

/** An entry as the port knows it: without its document id and retention date. */
function withoutStorageFields({ _id, expiresAt: _expiresAt, ...entry }: StoredEntry): TranscriptEntry {
  return entry;
}

/** A rep's name and avatar, for `from: 'agent'` only. */
function checkAuthor(entry: TranscriptEntry): TranscriptEntry['author'] {
  if (entry.author === undefined) return undefined;
  if (entry.from !== 'agent' || entry.author === null || typeof entry.author !== 'object') throw new TypeError('transcript `author` is for agent entries, as {name, avatarUrl?}');
  const avatarUrl = optionalString(entry.author.avatarUrl, 'author.avatarUrl', 2048);
  return { name: requireString(entry.author.name, 'author.name', 200), ...(avatarUrl !== undefined ? { avatarUrl } : {}) };
}
