/** Website behaviour events (collection `events`), newest first per visitor. */
import type { BehaviourEvent } from '../../core/lead/model.js';
import type { EventRepository, StoredEvent } from '../../core/ports/repository.js';
import type { DocCollection, IndexSpec } from '../collection.js';
import { requireInteger, requireString, requireStrings } from '../guards.js';
import { timeOrderedId } from '../ids.js';
import { assertValid, validateBehaviourEvent } from './lead-patch.js';

export const EVENT_INDEXES: readonly IndexSpec[] = [{ name: 'visitorId_at', key: { visitorId: 1, at: -1 } }];

/** Visitors listed together (a lead's ids); erasure takes every id a lead has gathered. */
const MAX_VISITOR_IDS = 100;
const MAX_ERASED_VISITOR_IDS = 10_000;
const MAX_BATCH = 500;

export class DocEventRepository implements EventRepository {
  constructor(private readonly events: DocCollection<StoredEvent>) {}

  async append(visitorId: string, event: BehaviourEvent): Promise<StoredEvent> {
    const [stored] = await this.appendMany(visitorId, [event]);
    return stored!;
  }

  async appendMany(visitorId: string, events: readonly BehaviourEvent[]): Promise<StoredEvent[]> {
    const owner = requireString(visitorId, 'visitorId');
    if (!Array.isArray(events) || events.length > MAX_BATCH) throw new TypeError(`events must be an array of at most ${MAX_BATCH}`);
    for (const event of events) assertValid(validateBehaviourEvent, event, 'event');
    const stored = events.map((event): StoredEvent => ({ _id: timeOrderedId(), visitorId: owner, name: event.name, at: event.at, ...(event.props ? { props: event.props } : {}) }));
    // Inserted together so the embedded store commits them in one disk write.
    await Promise.all(stored.map((doc) => this.events.insertOne(doc)));
    return stored;
  }

  /** The `limit` most recent events of these visitors, newest first. */
  async listByVisitor(visitorIds: readonly string[], limit = 100): Promise<StoredEvent[]> {
    const ids = requireStrings(visitorIds, 'visitorIds', MAX_VISITOR_IDS);
    if (ids.length === 0) return [];
    return this.events.find({ visitorId: { $in: ids } }, { sort: { at: -1, _id: -1 }, limit: requireInteger(limit, 'limit', 1, 10_000) });
  }

  async removeByVisitor(visitorIds: readonly string[]): Promise<number> {
    const ids = requireStrings(visitorIds, 'visitorIds', MAX_ERASED_VISITOR_IDS);
    return ids.length === 0 ? 0 : this.events.deleteMany({ visitorId: { $in: ids } });
  }
}
