/** Conversation transcripts (collection `transcripts`), in conversation order. */
import type { TranscriptEntry, TranscriptRepository } from '../../core/ports/repository.js';
import type { Doc, DocCollection, Filter, IndexSpec } from '../collection.js';
import { optionalString, requireDate, requireFiniteNumber, requireInteger, requireString, requireStrings } from '../guards.js';
import { timeOrderedId } from '../ids.js';

export const TRANSCRIPT_INDEXES: readonly IndexSpec[] = [
  { name: 'conversation_at', key: { conversationId: 1, at: 1 } },
  { name: 'visitorId', key: { visitorId: 1 } },
  { name: 'at', key: { at: 1 } },
];

const MAX_ERASED_VISITOR_IDS = 10_000;

/** A chat message may be long, but not unbounded. */
const MAX_TEXT = 64 * 1024;

type StoredEntry = TranscriptEntry & Doc;

export class DocTranscriptRepository implements TranscriptRepository {
  constructor(private readonly transcripts: DocCollection<StoredEntry>) {}

  async append(entry: TranscriptEntry): Promise<void> {
    if (entry === null || typeof entry !== 'object') throw new TypeError('transcript entry must be an object');
    if (entry.from !== 'user' && entry.from !== 'bot') throw new TypeError("transcript entry `from` must be 'user' or 'bot'");
    if (typeof entry.text !== 'string' || entry.text.length > MAX_TEXT) throw new TypeError(`transcript text must be a string of at most ${MAX_TEXT} characters`);
    const slot = optionalString(entry.slot, 'slot', 100);
    const seq = entry.seq === undefined ? undefined : requireFiniteNumber(entry.seq, 'seq');
    const visitorId = optionalString(entry.visitorId, 'visitorId');
    await this.transcripts.insertOne({
      _id: timeOrderedId(),
      conversationId: requireString(entry.conversationId, 'conversationId'),
      from: entry.from,
      text: entry.text,
      at: requireDate(entry.at, 'at'),
      ...(slot !== undefined ? { slot } : {}),
      ...(seq !== undefined ? { seq } : {}),
      ...(visitorId !== undefined ? { visitorId } : {}),
    });
  }

  async list(conversationId: string, afterSeq?: number, limit = 500): Promise<TranscriptEntry[]> {
    const filter: Filter = { conversationId: requireString(conversationId, 'conversationId') };
    if (afterSeq !== undefined) filter.seq = { $gt: requireFiniteNumber(afterSeq, 'afterSeq') };
    const entries = await this.transcripts.find(filter, { sort: { at: 1, _id: 1 }, limit: requireInteger(limit, 'limit', 1, 10_000) });
    return entries.map(({ _id, ...entry }) => entry);
  }

  async listByVisitor(visitorIds: readonly string[]): Promise<TranscriptEntry[]> {
    const ids = requireStrings(visitorIds, 'visitorIds', MAX_ERASED_VISITOR_IDS);
    if (ids.length === 0) return [];
    const tagged = await this.transcripts.find({ visitorId: { $in: ids } });
    const conversationIds = [...new Set(tagged.map((entry) => entry.conversationId))];
    if (conversationIds.length === 0) return [];
    const entries = await this.transcripts.find({ conversationId: { $in: conversationIds } }, { sort: { at: 1, _id: 1 } });
    return entries.map(({ _id, ...entry }) => entry);
  }

  async between(from: Date, to: Date, speaker?: TranscriptEntry['from']): Promise<TranscriptEntry[]> {
    const filter: Filter = { at: { $gte: requireDate(from, 'from'), $lt: requireDate(to, 'to') } };
    if (speaker !== undefined) filter.from = speaker === 'user' ? 'user' : 'bot';
    // Sorted here rather than by the store: ids are time-ordered, and a report reads the whole period anyway.
    const entries = await this.transcripts.find(filter);
    entries.sort((a, b) => a.at.getTime() - b.at.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
    return entries.map(({ _id, ...entry }) => entry);
  }

  /** Whole conversations go: the bot's lines (not tagged with a visitor) say as much about the person as theirs. */
  async removeByVisitor(visitorIds: readonly string[]): Promise<number> {
    const ids = requireStrings(visitorIds, 'visitorIds', MAX_ERASED_VISITOR_IDS);
    if (ids.length === 0) return 0;
    const tagged = await this.transcripts.find({ visitorId: { $in: ids } });
    const conversationIds = [...new Set(tagged.map((entry) => entry.conversationId))];
    return conversationIds.length === 0 ? 0 : this.transcripts.deleteMany({ conversationId: { $in: conversationIds } });
  }
}
