/** The MongoDB side of the collection abstraction: a thin wrapper over the official driver. */
import { MongoClient, type Collection, type Db, type Document, type Filter as MongoFilter, type UpdateFilter } from 'mongodb';
import type { Doc, DocCollection, DocDatabase, Filter, FindOptions, IndexSpec, Sort, Update } from '../collection.js';

class MongoCollection<T extends Doc> implements DocCollection<T> {
  constructor(private readonly collection: Collection<Document>) {}

  async createIndexes(specs: readonly IndexSpec[]): Promise<void> {
    if (specs.length > 0) await this.collection.createIndexes(specs.map((spec) => ({ ...spec })));
  }

  async findOne(filter: Filter, options: { sort?: Sort } = {}): Promise<T | null> {
    return (await this.collection.findOne(filter as MongoFilter<Document>, options)) as T | null;
  }

  async find(filter: Filter, { sort, skip, limit }: FindOptions = {}): Promise<T[]> {
    let cursor = this.collection.find(filter as MongoFilter<Document>);
    if (sort) cursor = cursor.sort(sort);
    if (skip) cursor = cursor.skip(skip);
    if (limit !== undefined) cursor = cursor.limit(limit);
    return (await cursor.toArray()) as unknown as T[];
  }

  async page(filter: Filter, options: FindOptions = {}): Promise<{ items: T[]; total: number }> {
    const [items, total] = await Promise.all([this.find(filter, options), this.count(filter)]);
    return { items, total };
  }

  count(filter: Filter): Promise<number> {
    return this.collection.countDocuments(filter as MongoFilter<Document>);
  }

  async countBy(field: string): Promise<Map<unknown, number>> {
    const groups = await this.collection.aggregate<{ _id: unknown; n: number }>([{ $group: { _id: `$${field}`, n: { $sum: 1 } } }]).toArray();
    return new Map(groups.map((group) => [group._id, group.n]));
  }

  async insertOne(doc: T): Promise<void> {
    await this.collection.insertOne(doc as Document);
  }

  async updateOne(filter: Filter, update: Update): Promise<boolean> {
    const result = await this.collection.updateOne(filter as MongoFilter<Document>, update as UpdateFilter<Document>);
    return result.matchedCount > 0;
  }

  async findOneAndUpdate(filter: Filter, update: Update, options: { sort?: Sort } = {}): Promise<T | null> {
    const doc = await this.collection.findOneAndUpdate(filter as MongoFilter<Document>, update as UpdateFilter<Document>, { ...options, returnDocument: 'after' });
    return doc as T | null;
  }

  async deleteOne(filter: Filter): Promise<boolean> {
    return (await this.collection.deleteOne(filter as MongoFilter<Document>)).deletedCount > 0;
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
  ) {}

  static async connect(uri: string, dbName?: string): Promise<MongoDatabase> {
    // ignoreUndefined: an absent optional field is not stored as null (the embedded store agrees).
    const client = new MongoClient(uri, { ignoreUndefined: true, appName: 'leadq' });
    await client.connect();
    return new MongoDatabase(client, client.db(dbName));
  }

  async collection<T extends Doc>(name: string): Promise<DocCollection<T>> {
    return new MongoCollection<T>(this.db.collection(name));
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
    return this.client.close();
  }
}
