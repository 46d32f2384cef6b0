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
import { applyUpdate, compileFilter, sortWithMingo } from './mingo.js';
import { sortPage } from './sort-page.js';

/** The documents a query must look at; `exact` when they all match, so mingo need not test them. */
interface Plan<T> {
  docs: Iterable<T>;
  size: number;
  exact: boolean;
}

/** Compact once the log holds this many records more than twice the live documents. */
const COMPACTION_SLACK = 1000;

export class EmbeddedCollection<T extends Doc> implements DocCollection<T> {
  private readonly docs = new Map<string, T>();
  /** Rank of each document in `docs` (insertion order, kept on update, like the Map's own order). */
  private readonly positions = new Map<string, number>();
  private nextPosition = 0;
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
      if ('p' in record) collection.setDoc(record.p as unknown as T);
      else collection.deleteDoc(record.d);
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

  /** One scan for both the page and the total. */
  async page(filter: Filter, options: FindOptions = {}): Promise<{ items: T[]; total: number }> {
    this.assertUsable();
    const matches = this.matches(filter, this.plan(filter, needsScanOrder(options.sort)));
    const items = this.sorted(matches, options).map((doc) => structuredClone(doc));
    await this.log.settled();
    return { items, total: matches.length };
  }

  async count(filter: Filter): Promise<number> {
    this.assertUsable();
    const n = this.countMatches(filter);
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
    return (await this.deleteMatches(filter, 1)) > 0;
  }

  async deleteMany(filter: Filter): Promise<number> {
    return this.deleteMatches(filter, undefined);
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
    this.setDoc(next);
    return this.write({ p: next as unknown as Record<string, unknown> });
  }

  /** Synchronous on memory, then one log record per document (flushed together). */
  private async deleteMatches(filter: Filter, max: number | undefined): Promise<number> {
    this.assertUsable();
    const doomed = this.matches(filter, this.plan(filter, true), max);
    if (doomed.length === 0) {
      await this.log.settled();
      return 0;
    }
    const written: Promise<void>[] = [];
    for (const doc of doomed) {
      for (const index of this.indexes) index.remove(doc);
      this.deleteDoc(doc._id);
      written.push(this.write({ d: doc._id }));
    }
    await Promise.all(written);
    return doomed.length;
  }

  private setDoc(doc: T): void {
    const id = String(doc._id);
    if (!this.positions.has(id)) this.positions.set(id, this.nextPosition++);
    this.docs.set(id, doc);
  }

  private deleteDoc(id: string): void {
    this.docs.delete(id);
    this.positions.delete(id);
  }

  private write(record: LogRecord): Promise<void> {
    const written = this.log.append(record);
    this.compactIfBloated();
    return written;
  }

  /** Resolves once the log holds only the live documents (after an erasure). */
  async compact(): Promise<void> {
    this.assertUsable();
    await this.log.compactNow(() => this.liveRecords());
  }

  private compactIfBloated(): void {
    if (this.log.lineCount > 2 * this.docs.size + COMPACTION_SLACK) this.log.requestCompaction(() => this.liveRecords());
  }

  private liveRecords(): LogRecord[] {
    return [...this.docs.values()].map((doc) => ({ p: doc as unknown as Record<string, unknown> }));
  }

  private select(filter: Filter, options: FindOptions): T[] {
    const { sort, skip = 0, limit } = options;
    if (sort) return this.sorted(this.matches(filter, this.plan(filter, needsScanOrder(sort))), options);
    // Unsorted: stop scanning once the page is full.
    return this.matches(filter, this.plan(filter, true), limit === undefined ? undefined : skip + limit).slice(skip);
  }

  /** The page of `matches` that `options` asks for. */
  private sorted(matches: T[], { sort, skip = 0, limit }: FindOptions): T[] {
    const end = limit === undefined ? undefined : skip + limit;
    if (!sort) return matches.slice(skip, end);
    return sortPage(matches, sort, skip, limit) ?? sortWithMingo(matches, sort).slice(skip, end);
  }

  private countMatches(filter: Filter): number {
    const plan = this.plan(filter, false);
    return plan.exact ? plan.size : this.matches(filter, plan).length;
  }

  /** Documents matching `filter` (at most `max`), in candidate order; mingo tests every candidate the plan does not already guarantee. */
  private matches(filter: Filter, plan: Plan<T>, max?: number): T[] {
    const query = plan.exact ? null : compileFilter(filter);
    const found: T[] = [];
    if (max === 0) return found;
    for (const doc of plan.docs) {
      if (query && !query.test(doc as unknown as Record<string, unknown>)) continue;
      found.push(doc);
      if (found.length === max) break;
    }
    return found;
  }

  /**
   * Candidates from `_id` and the indexes, for top-level fields compared to a string (or `$in`
   * strings) — what MongoDB would use an index for. With several, the smallest set drives the scan;
   * when such lookups cover every condition of the filter, their intersection is the exact answer.
   * `inScanOrder`: candidates come in the order a full scan would see them, so ties and unsorted
   * results do not depend on which index answered.
   */
  private plan(filter: Filter, inScanOrder: boolean): Plan<T> {
    const lookups: ReadonlySet<string>[] = [];
    const fields = Object.keys(filter);
    for (const field of fields) {
      const lookup = this.lookup(field, filter[field]);
      if (lookup) lookups.push(lookup);
    }
    if (lookups.length === 0) return { docs: this.docs.values(), size: this.docs.size, exact: fields.length === 0 };
    lookups.sort((a, b) => a.size - b.size);
    const [smallest, ...others] = lookups as [ReadonlySet<string>, ...ReadonlySet<string>[]];
    const exact = lookups.length === fields.length;
    const docs: T[] = [];
    for (const id of smallest) {
      const doc = this.docs.get(id);
      if (doc && (!exact || others.every((other) => other.has(id)))) docs.push(doc);
    }
    if (inScanOrder && docs.length > 1) docs.sort((a, b) => (this.positions.get(a._id) as number) - (this.positions.get(b._id) as number));
    return { docs, size: docs.length, exact };
  }

  /** Ids whose `field` equals `condition` (a string or `{$in: strings}`), from `_id` or an index; null when no index answers it. */
  private lookup(field: string, condition: unknown): ReadonlySet<string> | null {
    const values = typeof condition === 'string' ? [condition] : stringsOfIn(condition);
    if (!values) return null;
    if (field === '_id') return new Set(values.filter((id) => this.docs.has(id)));
    const index = this.indexes.find((candidate) => candidate.field === field && !field.includes('.'));
    if (!index) return null;
    if (values.length === 1) return index.lookup(values[0]);
    return new Set(values.flatMap((value) => [...index.lookup(value)]));
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

/** A sort on `_id` (unique) is a total order: the input order cannot show through ties. */
function needsScanOrder(sort: Sort | undefined): boolean {
  return !sort || !('_id' in sort);
}
