/**
 * mingo, restricted to the query and update operators the repositories use: the embedded store
 * gives MongoDB's answers for those and throws on anything else instead of guessing.
 */
import { Context } from 'mingo/core';
import { Query } from 'mingo/query';
import { update as applyUpdateOperators } from 'mingo/updater';
import { $eq, $gt, $gte, $in, $lt, $lte, $ne } from 'mingo/operators/query/comparison';
import { $exists, $type } from 'mingo/operators/query/element';
import { $regex } from 'mingo/operators/query/evaluation';
import { $and, $or } from 'mingo/operators/query/logical';
import type { Filter, Sort, Update } from '../collection.js';

// $type is here for partial index filters on scalar fields only: on arrays mingo does not match
// element types as MongoDB does, so repositories never query arrays with it.
const context = Context.init({ query: { $eq, $gt, $gte, $in, $lt, $lte, $ne, $exists, $type, $regex, $and, $or } });
const UPDATE_OPERATORS = new Set(['$set', '$unset', '$inc', '$push', '$addToSet']);

export function compileFilter(filter: Filter): Query {
  return new Query(filter, { context });
}

/** mingo's $sort (stable, MongoDB's order across types): the reference order when sort-page.ts cannot apply. */
export function sortWithMingo<T>(docs: T[], sort: Sort): T[] {
  return new Query({}, { context }).find<T>(docs).sort(sort).all();
}

/** Applies `update` to `doc` in place. */
export function applyUpdate(doc: Record<string, unknown>, update: Update): void {
  for (const [operator, fields] of Object.entries(update)) {
    if (!UPDATE_OPERATORS.has(operator)) throw new Error(`embedded store: unsupported update operator ${operator}`);
    for (const path of Object.keys(fields as object)) {
      if (path === '_id' || path.startsWith('_id.')) throw new Error('embedded store: _id is immutable');
    }
  }
  applyUpdateOperators(doc, update, undefined, undefined, { cloneMode: 'deep' });
}
