/**
 * The embedded store's key columns (data/sqlite/key-columns.ts): each indexed field is copied into
 * a column the SQLite indexes are built on. Those copies must always equal the document, also
 * after an upgrade from the layout without them, a change of the catalogue by another connection,
 * and a change of the catalogue undone by a failed write.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Doc } from '../../data/collection.js';
import { DuplicateKeyError } from '../../data/errors.js';
import { DATABASE_FILE, SqliteDatabase } from '../../data/sqlite/sqlite-database.js';
import { jsonKeyExpression } from '../../data/sqlite/sql-filter.js';

interface Deal extends Doc {
  stage?: string;
  score?: number;
  at?: Date;
  owner?: { team?: string };
  tags?: string | string[];
  ref?: string;
}

let dataDir: string;
const open: SqliteDatabase[] = [];

async function openDatabase(): Promise<SqliteDatabase> {
  const db = await SqliteDatabase.open(dataDir);
  open.push(db);
  return db;
}

/** The key columns of `table`, as the file holds them. */
function keyColumns(db: SqliteDatabase, table: string): string[] {
  return (db.db.pragma(`table_info("${table}")`) as { name: string }[]).map((column) => column.name).filter((name) => name.startsWith('k:'));
}

/** Rows whose key column differs from the value read from their document: must be none. */
function staleKeys(db: SqliteDatabase, table: string): { id: string; column: string }[] {
  return keyColumns(db, table).flatMap((column) =>
    (db.db.prepare(`SELECT id FROM "${table}" WHERE "${column}" IS NOT ${jsonKeyExpression(column.slice(2))}`).all() as { id: string }[]).map(({ id }) => ({ id, column })),
  );
}

function indexNames(db: SqliteDatabase, table: string): string[] {
  return (db.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name").all(table) as { name: string }[]).map((row) => row.name);
}

function queryPlan(db: SqliteDatabase, sql: string, ...params: unknown[]): string {
  return (db.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join('; ');
}

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-key-columns-'));
});
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('key columns of the embedded store', () => {
  it('hold what each document holds, through inserts, updates, $unset, replacements and deletes, and the indexes are built on them', async () => {
    const db = await openDatabase();
    const deals = db.collectionSync<Deal>('deals');
    await deals.createIndexes([
      { name: 'stage_score', key: { stage: 1, score: -1 } },
      { name: 'at', key: { at: 1 } },
      { name: 'team', key: { 'owner.team': 1 } },
      { name: 'score_id', key: { score: -1, _id: -1 } },
    ]);
    // `_id` is the table's own `id` column, not a copy.
    expect(keyColumns(db, 'deals').sort()).toEqual(['k:at', 'k:owner.team', 'k:score', 'k:stage']);
    expect(db.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'deals.score_id'").pluck().get()).toBe('CREATE INDEX "deals.score_id" ON "deals" ("k:score" DESC, id DESC)');
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => deals.insertOne({ _id: `d${i}`, stage: i % 2 ? 'mql' : 'sql', score: i, at: new Date(1_700_000_000_000 + i), ...(i % 3 ? { owner: { team: `t${i % 4}` } } : {}) })),
    );
    await deals.updateOne({ _id: 'd1' }, { $set: { score: 99 } });
    await deals.updateOne({ _id: 'd2' }, { $set: { stage: 'won', at: new Date(1) } });
    await deals.updateOne({ _id: 'd4' }, { $unset: { score: '', 'owner.team': '' } });
    await deals.findOneAndUpdate({ stage: 'mql' }, { $set: { 'owner.team': 'new' } }, { sort: { score: -1 } });
    db.collectionSync<Deal>('deals').putSync({ _id: 'd5', stage: 'lost' });
    await deals.deleteOne({ _id: 'd6' });

    expect(staleKeys(db, 'deals')).toEqual([]);
    expect((await deals.find({ stage: 'mql', score: { $gte: 90 } })).map((deal) => deal._id)).toEqual(['d1']);
    expect((await deals.findOne({ 'owner.team': 'new' }))?._id).toBe('d1');
    expect((await deals.find({ at: { $lt: new Date(1_000) } })).map((deal) => deal._id)).toEqual(['d2']);
    expect((await deals.find({ score: null, stage: { $in: ['sql', 'lost'] } })).map((deal) => deal._id).sort()).toEqual(['d4', 'd5']);
    expect(queryPlan(db, `SELECT doc FROM deals WHERE "k:stage" = ? ORDER BY "k:score" DESC`, 'mql')).toContain('INDEX deals.stage_score');
    expect((await deals.find({}, { sort: { score: -1, _id: -1 }, limit: 3 })).map((deal) => deal._id)).toEqual(['d1', 'd39', 'd38']);
  });

  it('are added and filled when a database of the layout before them is opened, and its expression indexes replaced', async () => {
    // The layout before key columns: the indexes were on expressions of the document.
    const raw = new Database(path.join(dataDir, DATABASE_FILE));
    raw.pragma('journal_mode = WAL');
    raw.exec(`
      CREATE TABLE leadq_indexes (collection TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL, multikey INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (collection, name)) WITHOUT ROWID;
      CREATE TABLE "deals" (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL);
      CREATE INDEX "deals.stage_at" ON "deals" (${jsonKeyExpression('stage')}, ${jsonKeyExpression('at')} DESC);
    `);
    raw.prepare('INSERT INTO leadq_indexes (collection, name, spec) VALUES (?, ?, ?)').run('deals', 'stage_at', JSON.stringify({ name: 'stage_at', key: { stage: 1, at: -1 } }));
    const insert = raw.prepare('INSERT INTO deals (id, doc) VALUES (?, ?)');
    insert.run('old1', JSON.stringify({ _id: 'old1', stage: 'mql', at: { $date: 2_000 } }));
    insert.run('old2', JSON.stringify({ _id: 'old2', stage: 'mql', at: { $date: 1_000 } }));
    insert.run('old3', JSON.stringify({ _id: 'old3', stage: 'sql' }));
    raw.close();

    const db = await openDatabase();
    const deals = db.collectionSync<Deal>('deals');
    expect(keyColumns(db, 'deals').sort()).toEqual(['k:at', 'k:stage']);
    expect(staleKeys(db, 'deals')).toEqual([]);
    expect(db.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'deals.stage_at'").pluck().get()).toBe('CREATE INDEX "deals.stage_at" ON "deals" ("k:stage", "k:at" DESC)');
    expect((await deals.find({ stage: 'mql' }, { sort: { at: -1 } })).map((deal) => deal._id)).toEqual(['old1', 'old2']);
    expect((await deals.findOne({ at: new Date(1_000) }))?._id).toBe('old2');
  });

  it('go with their index when a field turns multikey: its keys are then in the key table', async () => {
    const db = await openDatabase();
    const deals = db.collectionSync<Deal>('deals');
    await deals.createIndexes([{ name: 'tags', key: { tags: 1 } }]);
    await deals.insertOne({ _id: 'a', tags: 'solo' });
    expect(keyColumns(db, 'deals')).toEqual(['k:tags']);
    await deals.insertOne({ _id: 'b', tags: ['x', 'y'] });
    expect(keyColumns(db, 'deals')).toEqual([]);
    expect(indexNames(db, 'deals')).not.toContain('deals.tags');
    expect((await deals.findOne({ tags: 'y' }))?._id).toBe('b');
    expect((await deals.findOne({ tags: 'solo' }))?._id).toBe('a');
  });

  it('are filled by a connection that opened the collection before another connection indexed the field', async () => {
    const first = await openDatabase();
    const second = await openDatabase();
    const mine = first.collectionSync<Deal>('deals');
    const theirs = second.collectionSync<Deal>('deals');
    await theirs.insertOne({ _id: 'before', stage: 'mql' });
    await mine.createIndexes([{ name: 'stage', key: { stage: 1 } }]);
    // `theirs` read the catalogue before the index existed: its next write must fill the column all the same.
    await theirs.insertOne({ _id: 'after', stage: 'mql' });
    await theirs.updateOne({ _id: 'before' }, { $set: { stage: 'sql' } });
    expect(staleKeys(first, 'deals')).toEqual([]);
    expect((await mine.find({ stage: 'mql' })).map((deal) => deal._id)).toEqual(['after']);

    // And the other way round: a field turned multikey by one connection loses its column under the other.
    await mine.createIndexes([{ name: 'tags', key: { tags: 1 } }]);
    await theirs.insertOne({ _id: 'tagged', tags: 'one' });
    await mine.insertOne({ _id: 'multi', tags: ['one', 'two'] });
    expect((await theirs.find({ tags: 'one' })).map((deal) => deal._id).sort()).toEqual(['multi', 'tagged']);
    await theirs.insertOne({ _id: 'later', tags: ['two'] });
    expect((await mine.find({ tags: 'two' })).map((deal) => deal._id).sort()).toEqual(['later', 'multi']);
  });

  it('stay as they were when a change of the catalogue is undone with the write that made it', async () => {
    const db = await openDatabase();
    const deals = db.collectionSync<Deal>('deals');
    await deals.createIndexes([
      { name: 'ref', key: { ref: 1 }, unique: true },
      { name: 'tags', key: { tags: 1 } },
    ]);
    await deals.insertOne({ _id: 'a', ref: 'R1', tags: 'solo' });
    // The array would make `tags` multikey, but the duplicate `ref` refuses the write: nothing of it stays.
    await expect(deals.insertOne({ _id: 'b', ref: 'R1', tags: ['x', 'y'] })).rejects.toBeInstanceOf(DuplicateKeyError);
    expect(keyColumns(db, 'deals')).toEqual(['k:tags']);
    await deals.insertOne({ _id: 'c', ref: 'R2', tags: 'solo' });
    expect(staleKeys(db, 'deals')).toEqual([]);
    expect((await deals.find({ tags: 'solo' })).map((deal) => deal._id)).toEqual(['a', 'c']);

    // A new unique index the existing documents break is refused, and leaves the catalogue as it was.
    await deals.insertOne({ _id: 'd', ref: 'R3', stage: 'dup' });
    await deals.insertOne({ _id: 'e', ref: 'R4', stage: 'dup' });
    await expect(deals.createIndexes([{ name: 'stage_unique', key: { stage: 1 }, unique: true }, { name: 'score', key: { score: 1 } }])).rejects.toBeInstanceOf(DuplicateKeyError);
    expect(keyColumns(db, 'deals')).toEqual(['k:tags']);
    await deals.insertOne({ _id: 'f', ref: 'R5', stage: 'dup' });
    expect((await deals.find({ stage: 'dup' })).map((deal) => deal._id)).toEqual(['d', 'e', 'f']);
  });
});
