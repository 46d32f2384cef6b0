/**
 * Conversation state with real optimistic concurrency (collection `state`): a write names the
 * eTag it read, and the store refuses it if another writer got there first. The value is kept as
 * a JSON string (dates as `{"$date": ms}`, json-codec.ts): state objects are opaque, and their keys
 * must never reach a query. Values written before were EJSON, which is read still. A value
 * written with `expiresAt` is deleted by the database once that date has passed (expiry.ts).
 */
import { parseEjson } from '../ejson.js';
import { decodeDoc, encodeDoc } from '../json-codec.js';
import { ConcurrencyError, type Versioned, type VersionedStore, type WriteOptions } from '../../core/ports/versioned-store.js';
import type { DocCollection, IndexSpec, Update } from '../collection.js';
import { isDuplicateKeyError } from '../errors.js';
import { optionalString, requireDate, requireString, requireStrings } from '../guards.js';
import { randomId } from '../ids.js';
import { afterDays, DEFAULT_RETENTION, EXPIRY_INDEX } from './expiry.js';

export interface StateDoc {
  _id: string;
  eTag: string;
  data: string;
  updatedAt: Date;
  expiresAt?: Date;
  /** Visitors the record is about (erased with them). */
  visitorIds?: string[];
}

export const STATE_INDEXES: readonly IndexSpec[] = [EXPIRY_INDEX, { name: 'visitorIds', key: { visitorIds: 1 } }];
const MAX_ERASED_VISITOR_IDS = 10_000;

const MAX_KEY = 1024;
const MAX_STATE_BYTES = 4 * 1024 * 1024;

export class DocVersionedStore implements VersionedStore {
  constructor(
    private readonly states: DocCollection<StateDoc>,
    private readonly idleDays: number = DEFAULT_RETENTION.anonymousDays,
  ) {}

  async read<T>(key: string): Promise<Versioned<T> | null> {
    const doc = await this.states.findOne({ _id: requireString(key, 'state key', MAX_KEY) });
    return doc ? { value: decodeValue<T>(doc.data), eTag: doc.eTag } : null;
  }

  async write<T>(key: string, value: T, expectedETag: string | null, options: WriteOptions = {}): Promise<string> {
    const id = requireString(key, 'state key', MAX_KEY);
    const visitorId = optionalString(options.owner?.visitorId, 'visitorId');
    if (expectedETag !== null) requireString(expectedETag, 'eTag', 200);
    if (value === undefined) throw new TypeError('state value must not be undefined');
    const data = encodeDoc(value);
    if (data.length > MAX_STATE_BYTES) throw new TypeError(`state "${id}" is larger than ${MAX_STATE_BYTES} bytes`);
    const eTag = randomId();
    const updatedAt = new Date();
    const expiresAt = options.expiresAt !== undefined ? requireDate(options.expiresAt, 'expiresAt') : options.expireWhenIdle ? afterDays(updatedAt, this.idleDays) : undefined;
    if (expectedETag === null) {
      try {
        await this.states.insertOne({ _id: id, eTag, data, updatedAt, ...(expiresAt && { expiresAt }), ...(visitorId ? { visitorIds: [visitorId] } : {}) });
      } catch (err) {
        throw isDuplicateKeyError(err) ? new ConcurrencyError(id) : err;
      }
    } else if (!(await this.states.updateOne({ _id: id, eTag: expectedETag }, withOwner(setValue({ eTag, data, updatedAt }, expiresAt), visitorId)))) {
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

/**
 * A raw `{"$date":"…"` (an ISO date) or `{"$number…`, `{"$oid"`… can only be an object key in JSON
 * text (a quote inside a string is escaped): the value was written as EJSON, before json-codec.
 */
const EJSON_ONLY = /\{"\$(?:date":[{"]|number|oid"|binary"|uuid"|regularExpression"|timestamp"|minKey"|maxKey"|symbol"|code"|dbPointer"|undefined")/;

function decodeValue<T>(data: string): T {
  return (EJSON_ONLY.test(data) ? parseEjson(data) : decodeDoc(data)) as T;
}

function withOwner(update: Update, visitorId: string | undefined): Update {
  return visitorId ? { ...update, $addToSet: { visitorIds: { $each: [visitorId] } } } : update;
}

function setValue(fields: Omit<StateDoc, '_id'>, expiresAt: Date | undefined): Update {
  return expiresAt ? { $set: { ...fields, expiresAt } } : { $set: fields, $unset: { expiresAt: '' } };
}
