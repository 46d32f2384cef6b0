/**
 * The MongoDB side of the collection abstraction: a thin wrapper over the official driver.
 * On FerretDB (detected from `buildInfo`) every update and conditional delete runs under a
 * per-document lock, because FerretDB 1.x does not apply them atomically (see document-locks.ts).
 */
import { MongoClient, type Collection, type Db, type Document, type Filter as MongoFilter, type UpdateFilter } from 'mongodb';
import type { Doc, DocCollection, DocDatabase, Filter, FindOptions, GroupRow, GroupSpec, IndexSpec, Sort, Update } from '../collection.js';
import { StoreUnavailableError } from '../errors.js';
import { DocumentLocks, LOCK_COLLECTION, type LockDoc } from './document-locks.js';
import { TtlSweep } from './ttl-sweep.js';

/** A wrong MONGODB_URI is reported this soon at start-up (the driver's default is 30 s). */
export const CONNECT_TIMEOUT_MS = 4000;
/** Candidates a locked write looks at before concluding that nothing matches any more. */
const MAX_LOCKED_ROUNDS = 20;

class MongoCollection<T extends Doc> implements DocCollection<T> {
  /** Requests on a connection pool may be applied in any order. */
  readonly appliesInCallOrder = false;
  constructor(
    private readonly collection: Collection<Document>,
    /** Set on FerretDB only. */
    private readonly locks: DocumentLocks | undefined,
    /** Set on FerretDB only. */
    private readonly ttl: TtlSweep | undefined,
  ) {}

  async createIndexes(specs: readonly IndexSpec[]): Promise<void> {
    if (specs.length === 0) return;
    if (!this.locks) {
      await this.collection.createIndexes(specs.map((spec) => ({ ...spec })));
      return;
    }
    // FerretDB 1.24 drops the connection when one createIndexes call repeats two existing indexes,
    // and has no TTL indexes: the index is made without the rule, which the TTL sweep applies.
    for (const { expireAfterSeconds, ...spec } of specs) {
      await this.collection.createIndexes([spec]);
      if (expireAfterSeconds !== undefined) this.ttl!.add(this.collection, Object.keys(spec.key)[0]!, expireAfterSeconds);
    }
  }

  async findOne(filter: Filter, options: { sort?: Sort } = {}): Promise<T | null> {
    return (await this.collection.findOne(filter as MongoFilter<Document>, options)) as T | null;
  }

  async find(filter: Filter, { sort, skip, limit, projection }: FindOptions = {}): Promise<T[]> {
    let cursor = this.collection.find(filter as MongoFilter<Document>, projection ? { projection: Object.fromEntries(projection.map((field) => [field, 1])) } : {});
    if (sort) cursor = cursor.sort(sort);
    if (skip) cursor = cursor.skip(skip);
    if (limit !== undefined) cursor = cursor.limit(limit);
    return (await cursor.toArray()) as unknown as T[];
  }

  async page(filter: Filter, options: FindOptions = {}): Promise<{ items: T[]; total: number }> {
    // The unfiltered total (the console's default leads page) comes from the collection's
    // metadata: countDocuments({}) would read every document for each page.
    const total = Object.keys(filter).length === 0 ? this.collection.estimatedDocumentCount() : this.count(filter);
    const [items, n] = await Promise.all([this.find(filter, options), total]);
    return { items, total: n };
  }

  count(filter: Filter): Promise<number> {
    return this.collection.countDocuments(filter as MongoFilter<Document>);
  }

  async countBy(field: string): Promise<Map<unknown, number>> {
    const groups = await this.collection.aggregate<{ _id: unknown; n: number }>([{ $group: { _id: `$${field}`, n: { $sum: 1 } } }]).toArray();
    return new Map(groups.map((group) => [group._id, group.n]));
  }

  /** `$match`, then `$group` on field paths with `$sum: 1`: what FerretDB 1.24 implements. */
  async groupCount(filter: Filter, spec: GroupSpec): Promise<GroupRow[]> {
    const pipeline: Document[] = [{ $match: filter }, { $group: { _id: Object.fromEntries(spec.by.map((path, i) => [`k${i}`, `$${path}`])), n: { $sum: 1 } } }];
    const groups = await this.collection.aggregate<{ _id: Record<string, unknown>; n: number }>(pipeline).toArray();
    return groups.map((group) => ({ key: spec.by.map((_, i) => group._id[`k${i}`] ?? null), count: group.n }));
  }

  async insertOne(doc: T): Promise<void> {
    await this.collection.insertOne(doc as Document);
  }

  async updateOne(filter: Filter, update: Update): Promise<boolean> {
    const matched = await this.write(filter, undefined, async (target) => {
      const result = await this.collection.updateOne(target as MongoFilter<Document>, update as UpdateFilter<Document>);
      return result.matchedCount > 0 || null;
    });
    return matched === true;
  }

  async updateMany(filter: Filter, update: Update): Promise<number> {
    if (!this.locks) return (await this.collection.updateMany(filter as MongoFilter<Document>, update as UpdateFilter<Document>)).matchedCount;
    // Document by document, each under its lock (see write()), the filter checked again there.
    const ids = (await this.collection.find(filter as MongoFilter<Document>, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id as unknown);
    let matched = 0;
    for (const _id of ids) if (await this.updateOne({ ...filter, _id }, update)) matched++;
    return matched;
  }

  async findOneAndUpdate(filter: Filter, update: Update, options: { sort?: Sort } = {}): Promise<T | null> {
    return this.write(filter, options.sort, async (target) => {
      const doc = await this.collection.findOneAndUpdate(target as MongoFilter<Document>, update as UpdateFilter<Document>, { ...options, returnDocument: 'after' });
      return doc as T | null;
    });
  }

  async deleteOne(filter: Filter): Promise<boolean> {
    const deleted = await this.write(filter, undefined, async (target) => (await this.collection.deleteOne(target as MongoFilter<Document>)).deletedCount > 0 || null);
    return deleted === true;
  }

  /**
   * Runs a single-document write; with locks, on the first matching document under its lock
   * (filter re-checked there), moving on to the next match if that one changed meanwhile.
   */
  private async write<R>(filter: Filter, sort: Sort | undefined, apply: (target: Filter) => Promise<R | null>): Promise<R | null> {
    if (!this.locks) return apply(filter);
    for (let round = 0; round < MAX_LOCKED_ROUNDS; round++) {
      const id = typeof filter._id === 'string' ? filter._id : (await this.collection.findOne(filter as MongoFilter<Document>, { ...(sort && { sort }), projection: { _id: 1 } }))?._id;
      if (id === undefined || id === null) return null;
      const result = await this.locks.withLock(this.collection.collectionName, String(id), () => apply({ ...filter, _id: id }));
      if (result !== null || typeof filter._id === 'string') return result;
    }
    return null;
  }

  async deleteMany(filter: Filter): Promise<number> {
    return (await this.collection.deleteMany(filter as MongoFilter<Document>)).deletedCount;
  }
}

export class MongoDatabase implements DocDatabase {
  readonly kind = 'mongodb' as const;

  private constructor(
    private readonly client: MongoClient,
    readonly db: Db,
    /** The server is FerretDB, whose updates need per-document locks. */
    readonly ferretdb: boolean,
  ) {
    this.locks = ferretdb ? new DocumentLocks(db.collection<LockDoc>(LOCK_COLLECTION)) : undefined;
    this.ttl = ferretdb ? new TtlSweep() : undefined;
  }

  private readonly locks: DocumentLocks | undefined;
  /** The TTL rules leadq applies itself (FerretDB only); `sweep()` runs them now. */
  readonly ttl: TtlSweep | undefined;

  /**
   * Throws StoreUnavailableError (one line naming MONGODB_URI) within CONNECT_TIMEOUT_MS when the
   * server cannot be used. The same bound then applies to finding a server for any operation
   * (the driver's default is 30 s of silence), unless the URI sets serverSelectionTimeoutMS.
   */
  static async connect(uri: string, dbName?: string): Promise<MongoDatabase> {
    const where = redactCredentials(uri);
    let client: MongoClient;
    try {
      client = new MongoClient(uri, {
        // ignoreUndefined: an absent optional field is not stored as null (the embedded store agrees).
        ignoreUndefined: true,
        appName: 'leadq',
        ...(/[?&]serverSelectionTimeoutMS=/i.test(uri) ? {} : { serverSelectionTimeoutMS: CONNECT_TIMEOUT_MS }),
        ...(/[?&]connectTimeoutMS=/i.test(uri) ? {} : { connectTimeoutMS: CONNECT_TIMEOUT_MS }),
      });
    } catch (err) {
      throw new StoreUnavailableError(`MONGODB_URI is not a usable MongoDB connection string (${where}): ${firstLine(err)}`);
    }
    try {
      await client.connect();
      const buildInfo = await client.db('admin').command({ buildInfo: 1 });
      return new MongoDatabase(client, client.db(dbName), 'ferretdbVersion' in buildInfo);
    } catch (err) {
      await client.close().catch(() => undefined);
      throw new StoreUnavailableError(`MONGODB_URI: cannot use the MongoDB server at ${where}: ${firstLine(err)}`);
    }
  }

  async collection<T extends Doc>(name: string): Promise<DocCollection<T>> {
    return new MongoCollection<T>(this.db.collection(name), this.locks, this.ttl);
  }

  async ping(): Promise<boolean> {
    try {
      await this.db.command({ ping: 1 });
      return true;
    } catch {
      return false;
    }
  }

  /** MongoDB reuses the space of deleted documents itself; nothing to rewrite from here. */
  async purge(): Promise<void> {}

  close(): Promise<void> {
    this.ttl?.stop();
    return this.client.close();
  }
}

function redactCredentials(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
}
