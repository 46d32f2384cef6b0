/**
 * The embedded store applies the commonest updates itself ($set/$unset of top-level fields,
 * $addToSet of scalars) and the rest through mingo's operators: both give what mingo's own
 * `update()`, which follows MongoDB, gives.
 */
import { update as mingoUpdate } from 'mingo/updater';
import { describe, expect, it } from 'vitest';
import type { Update } from '../../data/collection.js';
import { applyUpdate } from '../../data/sqlite/mingo.js';

const at = new Date('2026-12-01T10:00:00Z');
const base = (): Record<string, unknown> => ({ _id: 'd', n: 1, s: 'x', when: at, tags: ['a', 'b'], nested: { k: 1, list: [1] }, fold: { steps: [{ slot: 'email', asked: 2 }] } });

const CASES: [string, Update][] = [
  ['$set of new and existing top-level fields', { $set: { n: 2, added: 'y', when: new Date(0) } }],
  ['$set of an object and an array', { $set: { fold: { steps: [{ slot: 'name', asked: 1 }] }, tags: ['z'] } }],
  ['$set of a nested path', { $set: { 'nested.k': 5, 'nested.more': { a: 1 } } }],
  ['$unset of present and missing fields', { $unset: { s: '', missing: '' } }],
  ['$unset of a nested path', { $unset: { 'nested.k': '' } }],
  ['$addToSet $each to an existing array, duplicates included', { $addToSet: { tags: { $each: ['b', 'c', 'c'] } } }],
  ['$addToSet $each to a missing field', { $addToSet: { visitorIds: { $each: ['v1', 'v2'] } } }],
  ['$addToSet of one value', { $addToSet: { tags: 'a' } } as unknown as Update],
  ['$addToSet of an object (mingo)', { $addToSet: { objects: { a: 1 } } } as unknown as Update],
  ['$addToSet to a nested array (mingo)', { $addToSet: { 'nested.list': { $each: [1, 2] } } }],
  ['several operators', { $set: { s: 'y' }, $unset: { n: '' }, $addToSet: { tags: { $each: ['d'] } }, $inc: { count: 2 } }],
];

describe('update operators in the embedded store', () => {
  for (const [name, update] of CASES) {
    it(`${name}: as mingo's update() does`, () => {
      const ours = base();
      applyUpdate(ours, update);
      const theirs = base();
      mingoUpdate(theirs, structuredClone(update) as Parameters<typeof mingoUpdate>[1]);
      expect(ours).toEqual(theirs);
    });
  }

  it('copies the values it sets: changing the update afterwards leaves the document alone', () => {
    const value = { steps: [{ slot: 'email' }] };
    const doc = base();
    applyUpdate(doc, { $set: { fold: value } });
    value.steps[0]!.slot = 'changed';
    expect(doc.fold).toEqual({ steps: [{ slot: 'email' }] });
  });

  it('with shareValues, puts the values it sets in the document as they are (for a document encoded at once)', () => {
    const value = { steps: [{ slot: 'email' }] };
    const doc = base();
    applyUpdate(doc, { $set: { fold: value } }, { shareValues: true });
    expect(doc.fold).toBe(value);
  });

  it('refuses a write to _id and an unknown operator, leaving the document as it was', () => {
    const doc = base();
    expect(() => applyUpdate(doc, { $set: { _id: 'other' } })).toThrow(/immutable/);
    expect(() => applyUpdate(doc, { $rename: { n: 'm' } } as unknown as Update)).toThrow(/unsupported/);
    expect(doc).toEqual(base());
  });
});
