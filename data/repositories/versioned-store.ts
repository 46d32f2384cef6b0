/**
 * Conversation state with real optimistic concurrency (collection `state`): a write names the
 * eTag it read, and the store refuses it if another writer got there first. The value is kept as
 * an EJSON string: state objects are opaque, and their keys must never reach a query.
 */
import { EJSON } from 'bson';
import { ConcurrencyError, type StateOwner, type Versioned, type VersionedStore } from '../../core/ports/versioned-store.js';
import type { DocCollection, IndexSpec, Update } from '../collection.js';
import { isDuplicateKeyError } from '../errors.js';
import { optionalString, requireString, requireStrings } from '../guards.js';
import { randomId } from '../ids.js';

export interface StateDoc {
  _id: string;
  eTag: string;
  data: string;
  updatedAt: Date;
  /** Visitors the record is about (erased with them). */
  visitorIds?: string[];
}

export const STATE_INDEXES: readonly IndexSpec[] = [{ name: 'visitorIds', key: { visitorIds: 1 } }];
const MAX_ERASED_VISITOR_IDS = 10_000;

const MAX_KEY = 1024;
const MAX_STATE_BYTES = 4 * 1024 * 1024;

export class DocVersionedStore implements VersionedStore {
  constructor(private readonly states: DocCollection<StateDoc>) {}

  async read<T>(key: string): Promise<Versioned<T> | null> {
    const doc = await this.states.findOne({ _id: requireString(key, 'state key', MAX_KEY) });
    return doc ? { value: EJSON.parse(doc.data, { relaxed: true }) as T, eTag: doc.eTag } : null;
  }

  async write<T>(key: string, value: T, expectedETag: string | null, owner?: StateOwner): Promise<string> {
    const id = requireString(key, 'state key', MAX_KEY);
    const visitorId = optionalString(owner?.visitorId, 'visitorId');
    if (expectedETag !== null) requireString(expectedETag, 'eTag', 200);
    if (value === undefined) throw new TypeError('state value must not be undefined');
    const data = EJSON.stringify(value, { relaxed: true });
    if (data.length > MAX_STATE_BYTES) throw new TypeError(`state "${id}" is larger than ${MAX_STATE_BYTES} bytes`);
    const eTag = randomId();
    const updatedAt = new Date();
    if (expectedETag === null) {
      try {
        await this.states.insertOne({ _id: id, eTag, data, updatedAt, ...(visitorId ? { visitorIds: [visitorId] } : {}) });
      } catch (err) {
        throw isDuplicateKeyError(err) ? new ConcurrencyError(id) : err;
      }
    } else if (!(await this.states.updateOne({ _id: id, eTag: expectedETag }, withOwner({ $set: { eTag, data, updatedAt } }, visitorId)))) {
      throw new ConcurrencyError(id);
    }
    return eTag;
  }

  async delete(key: string, expectedETag?: string): Promise<void> {
    const id = requireString(key, 'state key', MAX_KEY);
    if (expectedETag === undefined) {
      await this.states.deleteOne({ _id: id });
      return;
    }
    const deleted = await this.states.deleteOne({ _id: id, eTag: requireString(expectedETag, 'eTag', 200) });
    if (!deleted && (await this.states.findOne({ _id: id }))) throw new ConcurrencyError(id);
  }

  async removeByVisitor(visitorIds: readonly string[]): Promise<number> {
    const ids = requireStrings(visitorIds, 'visitorIds', MAX_ERASED_VISITOR_IDS);
    return ids.length === 0 ? 0 : this.states.deleteMany({ visitorIds: { $in: ids } });
  }
}

function withOwner(update: Update, visitorId: string | undefined): Update {
  return visitorId ? { ...update, $addToSet: { visitorIds: { $each: [visitorId] } } } : update;
}
