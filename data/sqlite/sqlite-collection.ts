/**
 * A collection of the SQLite store: one table of JSON documents (`id`, `doc`; the rowid keeps
 * insertion order) with a key column per indexed field and an SQLite index per IndexSpec on those
 * columns (key-columns.ts), and a key table (`<name>.keys`) for unique indexes (enforced by
 * SQLite) and multikey ones — an array field such as `visitorIds` gives one row per element there.
 *
 * The index catalogue (`leadq_indexes`, the table's key columns and indexes) can change under a
 * running process: another process creates an index or makes one multikey, or a savepoint undoes
 * such a change. Every catalogue change bumps SQLite's `user_version`; `refresh()` (run at the
 * start of each write transaction and after a failed write) reloads a collection whose catalogue
 * is older, so no write leaves a key column it does not know of unfilled. Filters run as SQL where they translate exactly (sql-filter.ts), with mingo as
 * the residual check otherwise; updates are applied with mingo's update operators.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Doc, DocCollection, Filter, FindOptions, GroupRow, GroupSpec, IndexSpec, Sort, Update } from '../collection.js';
import { DuplicateKeyError } from '../errors.js';
import { decodeDoc, encodeDoc } from '../json-codec.js';
import { applyUpdate, compileFilter } from './mingo.js';
import { jsonKeyExpression, jsonPath, keyOf, orderBy, translateFilter, type FilterSchema, type Sql } from './sql-filter.js';
import { groupInMemory } from '../group-in-memory.js';
import { LRUCache } from 'lru-cache';
import type { TickTransaction } from './tick-transaction.js';
import { encodeKey, IndexKeys } from './index-keys.js';
import { fieldValue, keyColumn, keyColumnPath, keyValue } from './key-columns.js';

interface Row {
  id: string;
  doc: string;
}

/** A document's entries in the key table (per index name) and in the key columns (per field). */
interface IndexEntries {
  keys: ReadonlyMap<string, { keys: string[]; unique: boolean }>;
  columns: ReadonlyMap<string, unknown>;
}

const MAX_CACHED_STATEMENTS = 500;
/**
 * Documents per collection kept as stored once read by `_id`: a turn reads its conversation's
 * state, owner, hand-off and summary, which its previous turn wrote (see selectById).
 */
const CACHED_DOCUMENTS = 2000;

export class SqliteCollection<T extends Doc> implements DocCollection<T> {
  /** Writes run synchronously when called, inside the tick's transaction (tick-transaction.ts). */
  readonly appliesInCallOrder = true;
  private readonly table: string;
  private readonly keyTable: string;
  private specs: IndexSpec[] = [];
  /** Indexes answered by the key table: unique ones, and multikey ones (an array was stored in their field). */
  private keyed: IndexKeys[] = [];
  private multikey = new Set<string>();
  /** Fields with a key column, in column order. */
  private columns: string[] = [];
  /** The `user_version` this collection's catalogue was read at. */
  private catalogueVersion = -1;
  private readonly statements = new Map<string, Statement>();
  private readonly schema: FilterSchema;
  /** Documents read by `_id`, as stored; this collection's writes keep them current, TickTransaction.freshness() says when to drop them. */
  private readonly stored = new LRUCache<string, string>({ max: CACHED_DOCUMENTS });
  private storedFreshness = -1;

  constructor(
    readonly name: string,
    private readonly db: Database,
    private readonly tx: TickTransaction,
  ) {
    this.table = `"${name}"`;
    this.keyTable = `"${name}.keys"`;
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${this.table} (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS ${this.keyTable} (idx TEXT NOT NULL, value TEXT NOT NULL, id TEXT NOT NULL, is_unique INTEGER NOT NULL);
      CREATE UNIQUE INDEX IF NOT EXISTS "${name}.keys.unique" ON ${this.keyTable} (idx, value) WHERE is_unique = 1;
      CREATE INDEX IF NOT EXISTS "${name}.keys.value" ON ${this.keyTable} (idx, value);
      CREATE INDEX IF NOT EXISTS "${name}.keys.id" ON ${this.keyTable} (id);
      CREATE TRIGGER IF NOT EXISTS "${name}.keys.delete" AFTER DELETE ON ${this.table} BEGIN DELETE FROM ${this.keyTable} WHERE id = old.id; END;
    `);
    this.schema = {
      indexedKey: (path) => (this.columns.includes(path) ? keyColumn(path) : null),
      uniqueLookup: (field, values) => {
        const keys = this.keyed.find((candidate) => candidate.field === field);
        if (!keys) return null;
        return { sql: `id IN (SELECT id FROM ${this.keyTable} WHERE idx = ? AND value IN (SELECT value FROM json_each(?)))`, params: [keys.spec.name, JSON.stringify(values.map(encodeKey))] };
      },
    };
    // Under the write lock, so no other process changes the catalogue between reading and applying
    // it. A database written before key columns is brought to this layout here.
    db.transaction(() => {
      this.loadCatalogue();
      this.applyCatalogue();
    }).immediate();
  }

  /** Reloads the catalogue when another process, or a rolled-back savepoint, changed it since it was read. */
  refresh(version: number): boolean {
    if (version === this.catalogueVersion) return false;
    this.loadCatalogue();
    return true;
  }

  /** The TTL rules of this collection's indexes (`expireAfterSeconds` on a date field). */
  get expiryRules(): { field: string; seconds: number }[] {
    return this.specs.flatMap((spec) => (spec.expireAfterSeconds === undefined ? [] : [{ field: Object.keys(spec.key)[0] as string, seconds: spec.expireAfterSeconds }]));
  }

  /**
   * Idempotent. An index already there with other options is refused, except a new
   * `expireAfterSeconds` (retention is configuration), which replaces the old one.
   */
  createIndexes(specs: readonly IndexSpec[]): Promise<void> {
    // A failure undoes the savepoint, catalogue version included, so the collection reloads the catalogue as it was.
    return this.tx.write(() => {
      for (const spec of specs) this.createIndex(spec);
    });
  }

  private createIndex(spec: IndexSpec): void {
    const existing = this.specs.find((candidate) => candidate.name === spec.name);
    if (existing && JSON.stringify({ ...existing, expireAfterSeconds: undefined }) !== JSON.stringify({ ...spec, expireAfterSeconds: undefined })) {
      throw new Error(`sqlite store: index ${spec.name} already exists with different options`);
    }
    if (existing && existing.expireAfterSeconds === spec.expireAfterSeconds) return;
    this.db.prepare('INSERT INTO leadq_indexes (collection, name, spec) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET spec = excluded.spec').run(this.name, spec.name, JSON.stringify(spec));
    this.catalogueChanged();
    this.useSpecs([...this.specs.filter((candidate) => candidate.name !== spec.name), spec]);
    this.applyCatalogue();
    if (existing) return;
    // A new index over existing documents: check them (scalars, uniqueness) as a write would.
    const keys = spec.unique ? this.keyed.find((candidate) => candidate.spec.name === spec.name) : undefined;
    for (const row of this.statement(`SELECT id, doc FROM ${this.table}`).all() as Row[]) {
      const doc = decodeDoc<T>(row.doc);
      this.checkIndexedValues(doc);
      if (keys) this.insertKeys(doc, [keys]);
    }
  }

  findOne(filter: Filter, options: { sort?: Sort } = {}): Promise<T | null> {
    // By `_id`, the answer depends on that document alone (see TickTransaction.read).
    const id = (filter as { _id?: unknown } | null)?._id;
    return this.tx.read(() => this.select(filter, { ...options, limit: 1 })[0] ?? null, typeof id === 'string' ? this.documentKey(id) : undefined);
  }

  find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return this.tx.read(() => this.select(filter, options));
  }

  count(filter: Filter): Promise<number> {
    return this.tx.read(() => this.countSync(filter));
  }

  page(filter: Filter, options: FindOptions = {}): Promise<{ items: T[]; total: number }> {
    return this.tx.read(() => {
      const sql = this.translate(filter);
      if (sql.exact) return { items: this.select(filter, options), total: this.countSync(filter) };
      // One pass over the candidates gives both the page and the total.
      const { skip = 0, limit } = options;
      const items: T[] = [];
      let total = 0;
      for (const doc of this.residual(filter, sql, options.sort)) {
        if (total >= skip && (limit === undefined || items.length < limit)) items.push(doc);
        total++;
      }
      return { items, total };
    });
  }

  /** Counts per value of a top-level field (dates come back as their milliseconds). */
  countBy(field: string): Promise<Map<unknown, number>> {
    return this.tx.read(() => {
      const rows = this.statement(`SELECT ${keyOf(field, this.schema)} AS value, count(*) AS n FROM ${this.table} GROUP BY 1`).all() as { value: unknown; n: number }[];
      return new Map(rows.map((row) => [row.value ?? null, row.n]));
    });
  }

  /**
   * One `GROUP BY` over the filter's rows, on the key columns, so an index holding every grouped
   * field answers without reading the documents. A filter SQL
   * cannot answer exactly is grouped in memory over the rows mingo confirms.
   */
  groupCount(filter: Filter, spec: GroupSpec): Promise<GroupRow[]> {
    return this.tx.read(() => {
      const sql = this.translate(filter);
      if (!sql.exact) return groupInMemory([...this.residual(filter, sql, undefined)], spec);
      const keys = spec.by.map((path, i) => `${keyOf(path, this.schema)} AS k${i}`);
      const names = spec.by.map((_, i) => `k${i}`);
      const groupBy = spec.by.length > 0 ? ` GROUP BY ${names.join(', ')}` : '';
      // The rows are selected in a subquery SQLite does not merge into the grouping (LIMIT -1): only
      // there does it read the keys from an index holding them all (a covering index), not the documents.
      const rows = this.statement(`SELECT ${[...names, 'count(*) AS n'].join(', ')} FROM (SELECT ${keys.length ? keys.join(', ') : '1'} FROM ${this.table} WHERE ${sql.where} LIMIT -1)${groupBy}`).all(...sql.params) as Record<string, unknown>[];
      return rows
        .filter((row) => spec.by.length > 0 || (row.n as number) > 0)
        .map((row) => ({ key: spec.by.map((_, i) => row[`k${i}`] ?? null), count: row.n as number }));
    });
  }

  insertOne(doc: T): Promise<void> {
    return this.tx.write(() => this.insertSync(doc));
  }

  updateOne(filter: Filter, update: Update): Promise<boolean> {
    // The updated document is encoded and dropped: the update's values need no copy.
    return this.tx.write(() => this.updateFirst(filter, update, undefined, { shareValues: true }) !== null);
  }

  updateMany(filter: Filter, update: Update): Promise<number> {
    return this.tx.write(() => {
      const matched = this.select(filter, {});
      // Each document is encoded and dropped: the update's values need no copy.
      for (const doc of matched) this.updateDocument(doc, update, { shareValues: true });
      return matched.length;
    });
  }

  findOneAndUpdate(filter: Filter, update: Update, options: { sort?: Sort } = {}): Promise<T | null> {
    // The caller gets the document: it must not share values with the update it may change later.
    return this.tx.write(() => this.updateFirst(filter, update, options.sort, { shareValues: false }));
  }

  deleteOne(filter: Filter): Promise<boolean> {
    return this.tx.write(() => this.deleteSync(filter, 1) > 0);
  }

  deleteMany(filter: Filter): Promise<number> {
    return this.tx.write(() => this.deleteSync(filter, undefined));
  }

  /** Inserts or replaces by `_id` (the append-log import: replaying a document twice is harmless). Synchronous: call inside a transaction. */
  putSync(doc: T): void {
    const existing = this.statement(`SELECT id FROM ${this.table} WHERE id = ?`).get(doc._id) as { id: string } | undefined;
    if (existing) this.replaceSync(doc);
    else this.insertSync(doc);
  }

  /** Deletes every document whose date `field` is older than `seconds` before `now`, as a MongoDB TTL index would. Synchronous. */
  expireSync(field: string, seconds: number, now: Date): number {
    return this.deleteSync({ [field]: { $lt: new Date(now.getTime() - seconds * 1000) } }, undefined);
  }

  private useSpecs(specs: IndexSpec[]): void {
    this.specs = specs;
    this.keyed = specs.filter((spec) => spec.unique || this.multikey.has(spec.name)).map((spec) => new IndexKeys(spec));
    // `_id` is the table's own `id` column.
    this.columns = [...new Set(specs.filter((spec) => !spec.unique && !this.multikey.has(spec.name)).flatMap((spec) => Object.keys(spec.key)))].filter((field) => field !== '_id');
  }

  /** Reads the index catalogue this collection works with (see the module comment). */
  private loadCatalogue(): void {
    this.catalogueVersion = this.db.pragma('user_version', { simple: true }) as number;
    const stored = this.db.prepare('SELECT spec, multikey FROM leadq_indexes WHERE collection = ?').all(this.name) as { spec: string; multikey: number }[];
    this.multikey = new Set(stored.filter((row) => row.multikey).map((row) => (JSON.parse(row.spec) as IndexSpec).name));
    this.useSpecs(stored.map((row) => JSON.parse(row.spec) as IndexSpec));
    this.statements.clear();
  }

  /**
   * Brings the table to the catalogue: a key column per indexed field (filled from the documents
   * when added), an SQLite index per non-unique, non-multikey IndexSpec on those columns, and no
   * other key column or index. Run inside a transaction; bumps `user_version` when it changed anything.
   */
  private applyCatalogue(): void {
    let changed = false;
    const present = new Set((this.db.pragma(`table_info(${this.table})`) as { name: string }[]).map((column) => column.name));
    for (const path of this.columns) {
      if (present.has(`k:${path}`)) continue;
      this.db.exec(`ALTER TABLE ${this.table} ADD COLUMN ${keyColumn(path)}; UPDATE ${this.table} SET ${keyColumn(path)} = ${jsonKeyExpression(path)};`);
      changed = true;
    }
    const indexes = new Map((this.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").all(this.name) as { name: string; sql: string }[]).map((index) => [index.name, index.sql]));
    const wanted = new Map(
      this.specs
        .filter((spec) => !spec.unique && !this.multikey.has(spec.name))
        .map((spec) => {
          const name = `${this.name}.${spec.name}`;
          const columns = Object.entries(spec.key).map(([field, direction]) => `${field === '_id' ? 'id' : keyColumn(field)}${direction === -1 ? ' DESC' : ''}`);
          return [name, `CREATE INDEX "${name}" ON ${this.table} (${columns.join(', ')})`];
        }),
    );
    for (const spec of this.specs) {
      const name = `${this.name}.${spec.name}`;
      if (indexes.has(name) && indexes.get(name) !== wanted.get(name)) {
        this.db.exec(`DROP INDEX "${name}"`);
        indexes.delete(name);
        changed = true;
      }
    }
    for (const [name, sql] of wanted) {
      if (indexes.has(name)) continue;
      this.db.exec(sql);
      changed = true;
    }
    for (const name of present) {
      const path = keyColumnPath(name);
      if (path === null || this.columns.includes(path)) continue;
      this.db.exec(`ALTER TABLE ${this.table} DROP COLUMN ${keyColumn(path)}`);
      changed = true;
    }
    if (changed) this.catalogueChanged();
  }

  /** Tells every process (and a savepoint's rollback) that the catalogue changed: see the module comment. */
  private catalogueChanged(): void {
    this.catalogueVersion = (this.db.pragma('user_version', { simple: true }) as number) + 1;
    this.db.pragma(`user_version = ${this.catalogueVersion}`);
    this.statements.clear();
  }

  private insertSync(doc: T): void {
    this.checkIndexedValues(doc);
    const columns = this.columns.map((path) => `, ${keyColumn(path)}`).join('');
    const json = encodeDoc(doc);
    try {
      this.statement(`INSERT INTO ${this.table} (id, doc${columns}) VALUES (?, ?${', ?'.repeat(this.columns.length)})`).run(doc._id, json, ...this.columns.map((path) => keyValue(doc, path)));
    } catch (err) {
      if (isConstraintError(err)) throw new DuplicateKeyError(this.name, '_id_', { _id: 1 }, { _id: doc._id });
      throw err;
    }
    this.wrote(doc._id, json);
    this.insertKeys(doc, this.keyed);
  }

  /** After a write of the document (null: deleted): for TickTransaction.read, and the cache of documents read by `_id`. */
  private wrote(id: string, json: string | null): void {
    this.tx.wrote(this.documentKey(id));
    if (json === null) this.stored.delete(id);
    else if (this.stored.has(id)) this.stored.set(id, json);
  }

  /** The document's name in the tick transaction's bookkeeping of unacknowledged writes. */
  private documentKey(id: string): string {
    return `${this.name}\u0000${id}`;
  }

  /**
   * Replaces the stored document. Given the previous version's index entries, only the keys that
   * changed are rewritten (an index whose columns an UPDATE does not set is left untouched).
   */
  private replaceSync(doc: T, previous?: IndexEntries): void {
    this.checkIndexedValues(doc);
    const changedKeys = this.columns
      .map((path) => ({ path, value: keyValue(doc, path) }))
      .filter(({ path, value }) => !previous?.columns.has(path) || previous.columns.get(path) !== value);
    const sets = changedKeys.map(({ path }) => `, ${keyColumn(path)} = ?`).join('');
    const json = encodeDoc(doc);
    this.statement(`UPDATE ${this.table} SET doc = ?${sets} WHERE id = ?`).run(json, ...changedKeys.map(({ value }) => value), doc._id);
    this.wrote(doc._id, json);
    if (!previous) {
      this.statement(`DELETE FROM ${this.keyTable} WHERE id = ?`).run(doc._id);
      this.insertKeys(doc, this.keyed);
      return;
    }
    // Most updates touch no keyed field (a conversation's state, a lead's answers): nothing to rewrite.
    const changed = this.keyed.filter((keys) => {
      const before = previous.keys.get(keys.spec.name);
      return !before || !sameKeys(before, keys.keysOf(doc));
    });
    for (const keys of changed) this.statement(`DELETE FROM ${this.keyTable} WHERE id = ? AND idx = ?`).run(doc._id, keys.spec.name);
    this.insertKeys(doc, changed);
  }

  /** What `doc` holds in the key table and the key columns, to compare an updated version against. */
  private indexEntries(doc: T): IndexEntries {
    return {
      keys: new Map(this.keyed.map((keys) => [keys.spec.name, keys.keysOf(doc)])),
      columns: new Map(this.columns.map((path) => [path, keyValue(doc, path)])),
    };
  }

  private insertKeys(doc: T, indexes: readonly IndexKeys[]): void {
    const insert = this.statement(`INSERT INTO ${this.keyTable} (idx, value, id, is_unique) VALUES (?, ?, ?, ?)`);
    for (const keys of indexes) {
      const { keys: values, unique } = keys.keysOf(doc);
      for (const key of values) {
        try {
          insert.run(keys.spec.name, key, doc._id, unique ? 1 : 0);
        } catch (err) {
          if (!isConstraintError(err)) throw err;
          const value = (doc as unknown as Record<string, unknown>)[keys.field];
          throw new DuplicateKeyError(this.name, keys.spec.name, keys.spec.key, { [keys.field]: Array.isArray(value) ? value.find((v) => encodeKey(v) === key) : value });
        }
      }
    }
  }

  /**
   * Key columns hold scalars, which is what lets sql-filter.ts compare them exactly in SQL. The
   * first array stored in a single-field index's field turns that index multikey, as MongoDB
   * does: from then on its keys live in the key table (backfilled now), and its column goes.
   */
  private checkIndexedValues(doc: T): void {
    for (const path of [...this.columns]) {
      const value = fieldValue(doc, path);
      if (value === undefined || value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) || value instanceof Date) continue;
      const single = Array.isArray(value) ? this.specs.find((spec) => !spec.unique && Object.keys(spec.key).length === 1 && Object.keys(spec.key)[0] === path) : undefined;
      const compound = this.specs.some((spec) => !spec.unique && Object.keys(spec.key).length > 1 && path in spec.key);
      if (!single || compound) throw new TypeError(`sqlite store: ${this.name}.${path} is indexed and must hold a string, a finite number, a date or null`);
      this.makeMultikey(single);
    }
  }

  private makeMultikey(spec: IndexSpec): void {
    this.multikey.add(spec.name);
    this.db.prepare('UPDATE leadq_indexes SET multikey = 1 WHERE collection = ? AND name = ?').run(this.name, spec.name);
    this.catalogueChanged();
    this.useSpecs(this.specs);
    this.applyCatalogue();
    const keys = this.keyed.find((candidate) => candidate.spec.name === spec.name) as IndexKeys;
    for (const row of this.statement(`SELECT doc FROM ${this.table}`).all() as Row[]) this.insertKeys(decodeDoc<T>(row.doc), [keys]);
  }

  private updateFirst(filter: Filter, update: Update, sort: Sort | undefined, options: { shareValues: boolean }): T | null {
    const current = this.select(filter, { ...(sort ? { sort } : {}), limit: 1 })[0];
    if (!current) return null;
    this.updateDocument(current, update, options);
    return current;
  }

  /** `doc` was just decoded from its row, so it is updated in place; its index entries are noted first. */
  private updateDocument(doc: T, update: Update, options: { shareValues: boolean }): void {
    const previous = this.indexEntries(doc);
    applyUpdate(doc as unknown as Record<string, unknown>, update, options);
    this.replaceSync(doc, previous);
  }

  private deleteSync(filter: Filter, max: number | undefined): number {
    const ids = this.select(filter, max === undefined ? {} : { limit: max }).map((doc) => doc._id);
    const remove = this.statement(`DELETE FROM ${this.table} WHERE id = ?`);
    for (const id of ids) {
      remove.run(id);
      this.wrote(id, null);
    }
    return ids.length;
  }

  private select(filter: Filter, { sort, skip = 0, limit, projection }: FindOptions): T[] {
    const byId = skip === 0 && limit !== 0 && !projection ? this.selectById(filter) : null;
    if (byId) return byId;
    const sql = this.translate(filter);
    if (limit === 0) return [];
    if (sql.exact) {
      const rows = this.statement(`SELECT ${projected(projection)} AS doc FROM ${this.table} WHERE ${sql.where} ORDER BY ${orderBy(sort, this.schema)} LIMIT ? OFFSET ?`).all(...sql.params, limit ?? -1, skip) as Row[];
      return rows.map((row) => decodeDoc<T>(row.doc));
    }
    const found: T[] = [];
    let seen = 0;
    for (const doc of this.residual(filter, sql, sort)) {
      if (seen++ < skip) continue;
      found.push(doc);
      if (found.length === limit) break;
    }
    return found;
  }

  /**
   * A filter naming one document by `_id`, its other fields (top-level) compared to a string or a
   * number, answered from the documents kept as read by `_id`; null when the filter is not of
   * that kind, or when a field holds an array or an object (MongoDB's equality is then SQL's to apply).
   */
  private selectById(filter: Filter): T[] | null {
    if (filter === null || typeof filter !== 'object') return null;
    const id = (filter as { _id?: unknown })._id;
    if (typeof id !== 'string') return null;
    const conditions = Object.entries(filter).filter(([field]) => field !== '_id');
    if (conditions.some(([field, value]) => field.startsWith('$') || field.includes('.') || (typeof value !== 'string' && typeof value !== 'number'))) return null;
    const json = this.storedById(id);
    if (json === undefined) return [];
    const doc = decodeDoc<T>(json);
    for (const [field, value] of conditions) {
      const current = (doc as unknown as Record<string, unknown>)[field];
      if (typeof current === 'object' && current !== null) return null;
      if (current !== value) return [];
    }
    return [doc];
  }

  /** The document as stored, from the cache when it is current, else from the table (then kept). */
  private storedById(id: string): string | undefined {
    const freshness = this.tx.freshness();
    if (freshness !== this.storedFreshness) {
      this.stored.clear();
      this.storedFreshness = freshness;
    }
    let json = this.stored.get(id);
    if (json === undefined) {
      json = (this.statement(`SELECT doc FROM ${this.table} WHERE id = ?`).get(id) as Row | undefined)?.doc;
      if (json !== undefined) this.stored.set(id, json);
    }
    return json;
  }

  private countSync(filter: Filter): number {
    const sql = this.translate(filter);
    if (sql.exact) return (this.statement(`SELECT count(*) AS n FROM ${this.table} WHERE ${sql.where}`).get(...sql.params) as { n: number }).n;
    let n = 0;
    for (const _doc of this.residual(filter, sql, undefined)) n++;
    return n;
  }

  /** The rows SQL narrowed to, in sort order, that mingo confirms match `filter`. */
  private *residual(filter: Filter, sql: Sql, sort: Sort | undefined): Generator<T> {
    const query = compileFilter(filter);
    const rows = this.statement(`SELECT doc FROM ${this.table} WHERE ${sql.where} ORDER BY ${orderBy(sort, this.schema)}`).all(...sql.params) as Row[];
    for (const row of rows) {
      const doc = decodeDoc<T>(row.doc);
      if (query.test(doc as unknown as Record<string, unknown>)) yield doc;
    }
  }

  private translate(filter: Filter): Sql {
    if (filter === null || typeof filter !== 'object') throw new TypeError('filter must be an object');
    // Only known operators translate; anything else leaves the filter inexact, and mingo refuses it.
    return translateFilter(filter, this.schema);
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** The document, or only `_id` and these top-level fields (absent ones left out, as MongoDB does). */
function projected(fields: readonly string[] | undefined): string {
  if (!fields) return 'doc';
  const pairs = fields.map((field) => {
    const json = jsonPath(field);
    if (!json || field.includes('.')) throw new Error(`sqlite store: cannot project field ${JSON.stringify(field)}`);
    return `'${field}', doc -> ${json}`;
  });
  return `json_patch('{}', json_object('_id', id, ${pairs.join(', ')}))`;
}

function sameKeys(a: { keys: string[]; unique: boolean }, b: { keys: string[]; unique: boolean }): boolean {
  return a.unique === b.unique && a.keys.length === b.keys.length && a.keys.every((key, i) => key === b.keys[i]);
}

function isConstraintError(err: unknown): boolean {
  return typeof (err as { code?: unknown }).code === 'string' && (err as { code: string }).code.startsWith('SQLITE_CONSTRAINT');
}
