/**
 * mingo, restricted to the query and update operators the repositories use: what SQL cannot
 * answer exactly (regular expressions, conditions on fields without an index, partial-index
 * scopes) is checked here with MongoDB's semantics, and anything else throws instead of guessing.
 */
import { Context } from 'mingo/core';
import { Query } from 'mingo/query';
import { $addToSet, $inc, $max, $min, $push, $set, $unset } from 'mingo/operators/update';
import { $eq, $gt, $gte, $in, $lt, $lte, $ne } from 'mingo/operators/query/comparison';
import { $exists, $type } from 'mingo/operators/query/element';
import { $regex } from 'mingo/operators/query/evaluation';
import { $and, $or } from 'mingo/operators/query/logical';
import type { Filter, Update } from '../collection.js';

// $type is here for partial index filters on scalar fields only: on arrays mingo does not match
// element types as MongoDB does, so repositories never query arrays with it.
const context = Context.init({ query: { $eq, $gt, $gte, $in, $lt, $lte, $ne, $exists, $type, $regex, $and, $or } });
// The operators themselves, not mingo's `update()`: that builds a whole query context per call,
// which cost more than the rest of a write.
type Operator = (expr: Record<string, unknown>) => (doc: Record<string, unknown>) => unknown;
const UPDATE_OPERATORS: Record<string, Operator> = { $set, $unset, $inc, $max, $min, $push, $addToSet } as Record<string, Operator>;

/** A compiled filter: whether a document matches it. */
export interface Matcher {
  test(doc: Record<string, unknown>): boolean;
}

export function compileFilter(filter: Filter): Matcher {
  return scalarEquality(filter) ?? new Query(filter, { context });
}

/**
 * The commonest residual filter, `{_id, version: 3}` (a conditional write), without building a
 * mingo query (which costs more than the write): top-level fields equal to a string, finite
 * number or boolean, with MongoDB's meaning — the value, or an array holding it. Anything else: null.
 */
function scalarEquality(filter: Filter): Matcher | null {
  const entries = Object.entries(filter);
  for (const [field, value] of entries) {
    if (field.startsWith('$') || field.includes('.')) return null;
    if (typeof value !== 'string' && typeof value !== 'boolean' && !(typeof value === 'number' && Number.isFinite(value))) return null;
  }
  return {
    test: (doc) =>
      entries.every(([field, value]) => {
        const actual = Object.hasOwn(doc, field) ? doc[field] : undefined;
        return actual === value || (Array.isArray(actual) && actual.includes(value));
      }),
  };
}

/**
 * Applies `update` to `doc` in place. `shareValues`: the values `$set` gives may be put in `doc`
 * as they are, not copied — for a document that is encoded at once and then dropped, where a copy
 * of a large value (a conversation summary's fold) would cost more than the rest of the write.
 */
export function applyUpdate(doc: Record<string, unknown>, update: Update, { shareValues = false } = {}): void {
  const entries = Object.entries(update) as [string, Record<string, unknown>][];
  for (const [operator, fields] of entries) {
    if (!Object.hasOwn(UPDATE_OPERATORS, operator)) throw new Error(`sqlite store: unsupported update operator ${operator}`);
    for (const path of Object.keys(fields)) {
      if (path === '_id' || path.startsWith('_id.')) throw new Error('sqlite store: _id is immutable');
    }
  }
  for (const [operator, fields] of entries) {
    if (!applyToTopLevel(doc, operator, fields, shareValues)) (UPDATE_OPERATORS[operator] as Operator)(structuredClone(fields))(doc);
  }
}

type Scalar = string | number | boolean;
const isScalar = (value: unknown): value is Scalar => typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

/**
 * The commonest updates, done directly: `$set` and `$unset` of top-level fields, `$addToSet` of
 * scalars to a top-level array. mingo's operators walk each path, deep-compare the old value with
 * the new one and clone it, which cost more than the rest of a write for a large value (a
 * conversation summary's fold, a conversation's state). False: not one of those, mingo does it.
 */
function applyToTopLevel(doc: Record<string, unknown>, operator: string, fields: Record<string, unknown>, shareValues: boolean): boolean {
  const paths = Object.keys(fields);
  if (paths.some((path) => path.includes('.') || path.startsWith('$'))) return false;
  if (operator === '$set') {
    for (const path of paths) doc[path] = shareValues ? fields[path] : structuredClone(fields[path]);
    return true;
  }
  if (operator === '$unset') {
    for (const path of paths) delete doc[path];
    return true;
  }
  if (operator !== '$addToSet') return false;
  const additions = paths.map((path) => {
    const value = fields[path];
    const each = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && Object.hasOwn(value, '$each') ? (value as { $each: unknown }).$each : [value];
    const current = Object.hasOwn(doc, path) ? doc[path] : undefined;
    return Array.isArray(each) && each.every(isScalar) && (current === undefined || (Array.isArray(current) && current.every(isScalar))) ? { path, each, current: current as Scalar[] | undefined } : null;
  });
  if (additions.some((addition) => addition === null)) return false;
  for (const { path, each, current } of additions as { path: string; each: Scalar[]; current: Scalar[] | undefined }[]) {
    const set = current ?? (doc[path] = []) as Scalar[];
    for (const value of each) if (!set.includes(value)) set.push(value);
  }
  return true;
}
