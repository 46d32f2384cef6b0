/**
 * The embedded store's query planner (index lookups, exact intersections) and its bounded sort
 * must give mingo's answers: every random query here is checked against mingo run over all the
 * documents, in insertion order (what the store did before it used indexes to plan and sort).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocCollection, Filter, FindOptions, Sort } from '../../data/collection.js';
import { EmbeddedDatabase } from '../../data/embedded/embedded-database.js';
import { compileFilter } from '../../data/embedded/mingo.js';
import { sortPage } from '../../data/embedded/sort-page.js';

interface Thing {
  _id: string;
  cat?: string;
  tags?: string[];
  n?: unknown;
  s?: string;
  at?: Date;
}

/** Deterministic PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATS = ['a', 'b', 'c', 'd', '<b>é</b>', '🚀'];
const TAGS = ['x', 'y', 'z', 'w'];

function makeThings(rand: () => number, count: number, mixedN: boolean): Thing[] {
  const pick = <V>(values: readonly V[]): V => values[Math.floor(rand() * values.length)] as V;
  return Array.from({ length: count }, (_, i) => {
    const thing: Thing = { _id: `id-${String(Math.floor(rand() * 1e9)).padStart(9, '0')}-${i}`, s: pick(['alpha', 'beta', 'Gamma', 'delta', 'éclair', '']) };
    if (rand() < 0.9) thing.cat = pick(CATS);
    if (rand() < 0.8) thing.tags = TAGS.filter(() => rand() < 0.4);
    // Few distinct values, so sorts have many ties.
    thing.n = Math.floor(rand() * 8) - 2;
    if (mixedN && rand() < 0.2) thing.n = pick([undefined, null, 'str', new Date(5), 1.5]);
    if (thing.n === undefined) delete thing.n;
    thing.at = new Date(Date.UTC(2025, 0, 1) + Math.floor(rand() * 5) * 1000);
    return thing;
  });
}

function randomQuery(rand: () => number, things: readonly Thing[]): { filter: Filter; options: FindOptions } {
  const pick = <V>(values: readonly V[]): V => values[Math.floor(rand() * values.length)] as V;
  const someId = () => pick(things)._id;
  const filter = pick<() => Filter>([
    () => ({}),
    () => ({ cat: pick(CATS) }),
    () => ({ cat: 'missing-value' }),
    () => ({ tags: pick(TAGS) }),
    () => ({ cat: pick(CATS), tags: pick(TAGS) }),
    () => ({ cat: { $in: [pick(CATS), pick(CATS)] } }),
    () => ({ cat: pick(CATS), n: { $gte: Math.floor(rand() * 6) - 1 } }),
    () => ({ _id: someId() }),
    () => ({ _id: 'nope' }),
    () => ({ _id: { $in: [someId(), someId(), 'nope'] }, cat: pick(CATS) }),
    () => ({ n: { $lt: 2 } }),
    () => ({ $or: [{ cat: pick(CATS) }, { tags: pick(TAGS) }] }),
    () => ({ s: { $regex: /a/i } }),
  ])();
  const direction = () => pick([1, -1] as const);
  const sort = pick<() => Sort | undefined>([
    () => undefined,
    () => ({ n: direction(), _id: direction() }),
    () => ({ n: direction() }),
    () => ({ at: direction(), s: direction() }),
    () => ({ s: direction() }),
    () => ({ cat: direction(), n: direction() }),
  ])();
  const options: FindOptions = {};
  if (sort) options.sort = sort;
  if (rand() < 0.5) options.skip = Math.floor(rand() * 30);
  if (rand() < 0.7) options.limit = 1 + Math.floor(rand() * 40);
  return { filter, options };
}

/** What mingo answers over every document, in insertion order. */
function reference(things: readonly Thing[], filter: Filter, { sort, skip, limit }: FindOptions): Thing[] {
  let cursor = compileFilter(filter).find<Thing>([...things]);
  if (sort) cursor = cursor.sort(sort);
  if (skip) cursor = cursor.skip(skip);
  if (limit !== undefined) cursor = cursor.limit(limit);
  return cursor.all();
}

describe('embedded store: planned queries give mingo’s answers', () => {
  let dataDir: string;
  let db: EmbeddedDatabase;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-query-'));
    db = await EmbeddedDatabase.open(dataDir);
  });
  afterAll(async () => {
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const mixedN of [false, true]) {
    it(`find, count and page match mingo on 600 random queries (${mixedN ? 'mixed types and missing values' : 'uniform types'})`, async () => {
      const rand = random(mixedN ? 7 : 42);
      const things = makeThings(rand, 400, mixedN);
      const collection: DocCollection<Thing> = await db.collection<Thing>(mixedN ? 'mixed' : 'uniform');
      await collection.createIndexes([
        { name: 'cat', key: { cat: 1 } },
        { name: 'tags_n', key: { tags: 1, n: -1 } },
      ]);
      for (const thing of things) await collection.insertOne(thing);
      // Updates keep a document's place in a scan but move it in the indexes; deletes remove it.
      for (let i = 0; i < 150; i++) {
        const at = Math.floor(rand() * things.length);
        const thing = things[at] as Thing;
        if (rand() < 0.2) {
          expect(await collection.deleteOne({ _id: thing._id })).toBe(true);
          things.splice(at, 1);
        } else {
          const [changed] = makeThings(rand, 1, mixedN);
          const { _id, ...fields } = changed as Thing;
          await collection.updateOne({ _id: thing._id }, { $set: fields as Record<string, unknown>, ...(fields.cat === undefined ? { $unset: { cat: '' as const } } : {}) });
          things[at] = { ...thing, ...fields };
          if (fields.cat === undefined) delete things[at]?.cat;
        }
      }
      expect(await collection.find({}), 'a scan sees the documents in the reference order').toEqual(things);

      for (let i = 0; i < 600; i++) {
        const { filter, options } = randomQuery(rand, things);
        const expected = reference(things, filter, options);
        const label = JSON.stringify({ filter, options });
        expect(await collection.find(filter, options), label).toEqual(expected);
        const total = reference(things, filter, {}).length;
        expect(await collection.count(filter), label).toBe(total);
        expect(await collection.page(filter, options), label).toEqual({ items: expected, total });
        if (!options.skip && !options.sort) expect(await collection.findOne(filter), label).toEqual(expected[0] ?? null);
      }
    });
  }

  it('the bounded sort declines (so mingo sorts) when a sort key is missing, mixed, an array or a dotted path', () => {
    const docs = [{ _id: 'a', n: 1 }, { _id: 'b', n: '1' }];
    expect(sortPage(docs, { n: 1 }, 0, 1)).toBeNull();
    expect(sortPage([{ _id: 'a' }, { _id: 'b', n: 1 }], { n: 1 }, 0, 1)).toBeNull();
    expect(sortPage([{ _id: 'a', n: [1] }], { n: 1 }, 0, 1)).toBeNull();
    expect(sortPage([{ _id: 'a', n: Number.NaN }], { n: 1 }, 0, 1)).toBeNull();
    expect(sortPage([{ _id: 'a', x: { y: 1 } }], { 'x.y': 1 }, 0, 1)).toBeNull();
    expect(sortPage([{ _id: 'b', n: 2 }, { _id: 'a', n: 1 }, { _id: 'c', n: 2 }], { n: -1 }, 0, 2)?.map((d) => d._id)).toEqual(['b', 'c']);
  });
});
