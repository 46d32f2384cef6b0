/**
 * Copies every store collection from one database to another (the embedded store into MongoDB),
 * page by page in `_id` order. Idempotent: a document whose `_id` is already in the target is left
 * as it is and counted as such, so an interrupted or repeated run copies nothing twice.
 * Written against DocDatabase only: it works whatever implements the embedded store.
 */
import type { Lead } from '../core/lead/model.js';
import type { Doc, DocCollection, DocDatabase } from './collection.js';
import { isDuplicateKeyError } from './errors.js';
import { openCollections, STORE_COLLECTIONS } from './open-store.js';
import { LeadKeys, type LeadKeyDoc } from './repositories/lead-keys.js';

const PAGE = 500;

export interface CollectionCount {
  collection: string;
  /** Documents inserted by this run. */
  copied: number;
  /** Documents the target already had. */
  present: number;
}

export interface MigrationProgress {
  /** Called once, with the number of documents to look at. */
  start(total: number): void;
  /** `done` more documents looked at, in `collection`. */
  advance(done: number, collection: string): void;
}

export async function migrateStore(source: DocDatabase, target: DocDatabase, progress?: MigrationProgress): Promise<CollectionCount[]> {
  const [from, to] = await Promise.all([openCollections(source), openCollections(target)]);
  const totals = await Promise.all(STORE_COLLECTIONS.map(({ name }) => from.get(name)!.count({})));
  progress?.start(totals.reduce((a, b) => a + b, 0));
  const counts: CollectionCount[] = [];
  for (const { name } of STORE_COLLECTIONS) counts.push(await copyCollection(name, from.get(name)!, to.get(name)!, progress));
  // A store written before lead keys existed has none: the target gets them from its leads.
  await new LeadKeys(to.get('lead_keys') as unknown as DocCollection<LeadKeyDoc>, () => new Date()).backfill(to.get('leads') as unknown as DocCollection<Lead>);
  return counts;
}

async function copyCollection(collection: string, from: DocCollection<Doc>, to: DocCollection<Doc>, progress?: MigrationProgress): Promise<CollectionCount> {
  const count: CollectionCount = { collection, copied: 0, present: 0 };
  for (let after: string | undefined; ; ) {
    const page = await from.find(after === undefined ? {} : { _id: { $gt: after } }, { sort: { _id: 1 }, limit: PAGE });
    if (page.length === 0) return count;
    const present = new Set((await to.find({ _id: { $in: page.map((doc) => doc._id) } })).map((doc) => doc._id));
    const inserted = await Promise.all(page.filter((doc) => !present.has(doc._id)).map((doc) => insertIfAbsent(to, doc)));
    const copied = inserted.filter(Boolean).length;
    count.copied += copied;
    count.present += page.length - copied;
    progress?.advance(page.length, collection);
    after = page[page.length - 1]!._id;
  }
}

/** False when another run got there first. */
async function insertIfAbsent(to: DocCollection<Doc>, doc: Doc): Promise<boolean> {
  try {
    await to.insertOne(doc);
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}
