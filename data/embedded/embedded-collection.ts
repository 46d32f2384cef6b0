/**
 * A collection of the embedded store: documents in memory, every change appended to a durable
 * log before it is acknowledged. Each operation runs synchronously on memory (so it is atomic
 * with respect to other operations) and then waits for the disk.
 */
import path from 'node:path';
import type { Doc, DocCollection, Filter, FindOptions, IndexSpec, Sort, Update } from '../collection.js';
import { DuplicateKeyError } from '../errors.js';
import { AppendLog, type LogRecord } from './append-log.js';
import { FieldIndex } from './field-index.js';
import { applyUpdate, compileFilter } from './mingo.js';

/** Compact once the log holds this many records more than twice the live documents. */
const COMPACTION_SLACK = 1000;

export class EmbeddedCollection<T extends Doc> implements DocCollection<T> {
  private readonly docs = new Map<string, T>();
  private readonly indexes: FieldIndex[] = [];
  private closed = false;

  private constructor(
    readonly name: string,
    private readonly log: AppendLog,
  ) {}

  static async open<T extends Doc>(dataDir: string, name: string): Promise<EmbeddedCollection<T>> {
    const { log, records } = await AppendLog.open(path.join(dataDir, `${name}.log`));
    const collection = new EmbeddedCollection<T>(name, log);
    for (const record of records) {
      if ('p' in record) collection.docs.set(String(record.p._id), record.p as unknown as T);
      else collection.docs.delete(record.d);
    }
    collection.compactIfBloated();
    return collection;
  }

  async createIndexes(specs: readonly IndexSpec[]): Promise<void> {
    this.assertUsable();
    for (const spec of specs) {
      const existing = this.indexes.find((index) => index.spec.name === spec.name);
      if (existing) {
        if (JSON.stringify(existing.spec) !== JSON.stringify(spec)) throw new Error(`embedded store: index ${spec.name} already exists with different options`);
        continue;
      }
      const index = new FieldIndex(spec, this.name, (id) => this.docs.get(id));
      for (const doc of this.docs.values()) {
        index.check(doc);
        index.add(doc);
      }
      this.indexes.push(index);
    }
  }

  async findOne(filter: Filter, options: { sort?: Sort } = {}): Promise<T | null> {
    const [doc] = await this.find(filter, { ...options, limit: 1 });
    return doc ?? null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    this.assertUsable();
    const docs = this.select(filter, options).map((doc) => structuredClone(doc));
    await this.log.settled();
    return docs;
  }

  async count(filter: Filter): Promise<number> {
    this.assertUsable();
    const n = this.select(filter, {}).length;
    await this.log.settled();
    return n;
  }

  async countBy(field: string): Promise<Map<unknown, number>> {
    this.assertUsable();
    const counts = new Map<unknown, number>();
    for (const doc of this.docs.values()) {
      const value = (doc as unknown as Record<string, unknown>)[field] ?? null;
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    await this.log.settled();
    return counts;
  }

  async insertOne(doc: T): Promise<void> {
    this.assertUsable();
    if (this.docs.has(doc._id)) throw new DuplicateKeyError(this.name, '_id_', { _id: 1 }, { _id: doc._id });
    await this.put(structuredClone(doc), undefined);
  }

  async updateOne(filter: Filter, update: Update): Promise<boolean> {
    return (await this.findOneAndUpdate(filter, update)) !== null;
  }

  async findOneAndUpdate(filter: Filter, update: Update, options: { sort?: Sort } = {}): Promise<T | null> {
    this.assertUsable();
    const [current] = this.select(filter, { ...options, limit: 1 });
    if (!current) {
      await this.log.settled();
      return null;
    }
    const next = structuredClone(current);
    applyUpdate(next as unknown as Record<string, unknown>, update);
    await this.put(next, current);
    return structuredClone(next);
  }

  async deleteOne(filter: Filter): Promise<boolean> {
    this.assertUsable();
    const [doc] = this.select(filter, { limit: 1 });
    if (!doc) {
      await this.log.settled();
      return false;
    }
    for (const index of this.indexes) index.remove(doc);
    this.docs.delete(doc._id);
    await this.write({ d: doc._id });
    return true;
  }

  get healthy(): boolean {
    return !this.closed && this.log.error === null;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.log.close();
  }

  /** Synchronous: validates every unique index, then swaps the document in memory and logs it. */
  private put(next: T, previous: T | undefined): Promise<void> {
    for (const index of this.indexes) index.check(next);
    for (const index of this.indexes) {
      if (previous) index.remove(previous);
      index.add(next);
    }
    this.docs.set(next._id, next);
    return this.write({ p: next as unknown as Record<string, unknown> });
  }

  private write(record: LogRecord): Promise<void> {
    const written = this.log.append(record);
    this.compactIfBloated();
    return written;
  }

  private compactIfBloated(): void {
    if (this.log.lineCount > 2 * this.docs.size + COMPACTION_SLACK) {
      this.log.requestCompaction(() => [...this.docs.values()].map((doc) => ({ p: doc as unknown as Record<string, unknown> })));
    }
  }

  private select(filter: Filter, { sort, skip, limit }: FindOptions): T[] {
    let cursor = compileFilter(filter).find<T>(this.candidates(filter));
    if (sort) cursor = cursor.sort(sort);
    if (skip) cursor = cursor.skip(skip);
    if (limit !== undefined) cursor = cursor.limit(limit);
    return cursor.all();
  }

  /** Narrows the scan with _id or an indexed field compared to a string; mingo still tests every candidate. */
  private candidates(filter: Filter): Iterable<T> {
    const id = filter._id;
    if (typeof id === 'string') {
      const doc = this.docs.get(id);
      return doc ? [doc] : [];
    }
    for (const index of this.indexes) {
      const wanted = filter[index.field];
      const values = typeof wanted === 'string' ? [wanted] : stringsOfIn(wanted);
      if (!values) continue;
      const ids = new Set(values.flatMap((value) => [...index.lookup(value)]));
      return [...ids].map((docId) => this.docs.get(docId)).filter((doc): doc is T => doc !== undefined);
    }
    return this.docs.values();
  }

  private assertUsable(): void {
    if (this.closed) throw new Error(`embedded store: collection ${this.name} is closed`);
    if (this.log.error) throw new Error(`embedded store: collection ${this.name} failed to write to disk and stopped`, { cause: this.log.error });
  }
}

function stringsOfIn(condition: unknown): string[] | null {
  if (!condition || typeof condition !== 'object') return null;
  const keys = Object.keys(condition);
  const values = (condition as { $in?: unknown }).$in;
  if (keys.length !== 1 || !Array.isArray(values) || !values.every((v) => typeof v === 'string')) return null;
  return values as string[];
}
