/**
 * MongoDB filters and sorts as SQL over JSON documents. What translates exactly runs in SQL
 * (on the indexed fields' key columns, key-columns.ts); what does not is left to mingo as a residual check on the
 * rows SQL returns, so an answer is never wrong, only slower. Translated: `_id` equality/`$in`,
 * equality/`$in` of strings on a unique field (through its key table), and on indexed fields:
 * equality, `$in`, ranges, `null`, `$exists`, combined with `$and`/`$or`.
 *
 * Indexed fields hold one kind of scalar (string, number or date; checked on every write, see
 * sqlite-collection.ts), so their keys compare like MongoDB: a number never
 * matches a string, `null` matches missing, ranges stay within one type. Dates are compared as
 * their milliseconds, so an indexed field must not mix dates and numbers.
 */
import type { Filter, Sort } from '../collection.js';

export interface Sql {
  where: string;
  params: unknown[];
  /** True when SQL alone gives MongoDB's answer; false when mingo must check each row. */
  exact: boolean;
}

export interface FilterSchema {
  /** The SQL naming an indexed field's key (its column), or null when the field has no index (values: scalars). */
  indexedKey(path: string): string | null;
  /** For a unique field answered by its key table: the SQL naming the matching ids, or null. */
  uniqueLookup(field: string, values: string[]): { sql: string; params: unknown[] } | null;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const RANGE = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;
const TRUE: Sql = { where: '1', params: [], exact: true };

/** A JSON path literal for json_extract; null when `path` is not a plain dotted field name. */
export function jsonPath(path: string): string | null {
  const segments = path.split('.');
  return segments.every((segment) => SEGMENT.test(segment)) ? `'$.${segments.map((s) => `"${s}"`).join('.')}'` : null;
}

/**
 * The value SQL compares for `path`, read from the document: a date's milliseconds, else the JSON
 * value (text, number, NULL when missing or null). For a field without a key column (a sort or a
 * count on it), and to fill a new key column.
 */
export function jsonKeyExpression(path: string): string {
  if (path === '_id') return 'id';
  const json = jsonPath(path);
  if (!json) throw new Error(`sqlite store: cannot index or sort on field ${JSON.stringify(path)}`);
  return `coalesce(json_extract(doc, ${json.slice(0, -1)}."$date"'), json_extract(doc, ${json}))`;
}

export function translateFilter(filter: Filter, schema: FilterSchema): Sql {
  const parts: Sql[] = [];
  let exact = true;
  for (const [key, condition] of Object.entries(filter)) {
    const part = key === '$and' ? translateAnd(condition, schema) : key === '$or' ? translateOr(condition, schema) : translateField(key, condition, schema);
    if (!part) exact = false;
    else {
      exact &&= part.exact;
      if (part.where !== '1') parts.push(part);
    }
  }
  if (parts.length === 0) return { ...TRUE, exact };
  return { where: parts.map((p) => `(${p.where})`).join(' AND '), params: parts.flatMap((p) => p.params), exact };
}

/** The SQL value of `path`: its key column when indexed, else read from the document. */
export function keyOf(path: string, schema: FilterSchema): string {
  return schema.indexedKey(path) ?? jsonKeyExpression(path);
}

/** `ORDER BY` for a MongoDB sort; insertion order (rowid) breaks ties, as a scan of MongoDB's natural order would. */
export function orderBy(sort: Sort | undefined, schema: FilterSchema): string {
  const keys = Object.entries(sort ?? {}).map(([field, direction]) => `${keyOf(field, schema)} ${direction === -1 ? 'DESC' : 'ASC'}`);
  if (!sort || !('_id' in sort)) keys.push('rowid ASC');
  return keys.join(', ');
}

function translateAnd(condition: unknown, schema: FilterSchema): Sql | null {
  if (!Array.isArray(condition) || condition.length === 0) return null;
  return combine(condition.map((branch) => translateFilter(branch as Filter, schema)), ' AND ');
}

function translateOr(condition: unknown, schema: FilterSchema): Sql | null {
  if (!Array.isArray(condition) || condition.length === 0) return null;
  const branches = condition.map((branch) => translateFilter(branch as Filter, schema));
  // A branch SQL cannot narrow makes the whole $or unnarrowable: leave it all to mingo.
  if (branches.some((branch) => branch.where === '1')) return null;
  return combine(branches, ' OR ');
}

function combine(parts: Sql[], operator: string): Sql {
  return { where: parts.map((p) => `(${p.where})`).join(operator), params: parts.flatMap((p) => p.params), exact: parts.every((p) => p.exact) };
}

function translateField(path: string, condition: unknown, schema: FilterSchema): Sql | null {
  if (path === '_id') {
    if (typeof condition === 'string') return { where: 'id = ?', params: [condition], exact: true };
    const values = inStrings(condition);
    return values ? { where: 'id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(values)], exact: true } : null;
  }
  const values = typeof condition === 'string' ? [condition] : inStrings(condition);
  if (values) {
    const lookup = schema.uniqueLookup(path, values);
    if (lookup) return { where: lookup.sql, params: lookup.params, exact: true };
  }
  const key = schema.indexedKey(path);
  if (!key) return null;
  if (condition === null) return { where: `${key} IS NULL`, params: [], exact: true };
  const scalar = sqlScalar(condition);
  if (scalar !== undefined) return { where: `${key} = ?`, params: [scalar], exact: true };
  if (!isOperatorObject(condition)) return null;
  const parts: Sql[] = [];
  for (const [operator, operand] of Object.entries(condition)) {
    const part = translateOperator(key, path, operator, operand);
    if (!part) return null;
    parts.push(part);
  }
  return combine(parts, ' AND ');
}

function translateOperator(key: string, path: string, operator: string, operand: unknown): Sql | null {
  if (operator === '$eq') return operand === null ? { where: `${key} IS NULL`, params: [], exact: true } : scalarCondition(key, '=', operand);
  if (operator in RANGE) return scalarCondition(key, RANGE[operator as keyof typeof RANGE], operand);
  if (operator === '$in' && Array.isArray(operand) && operand.length > 0) {
    const scalars = operand.map(sqlScalar);
    const kinds = new Set(scalars.map((s) => typeof s));
    if (scalars.includes(undefined) || kinds.size !== 1) return null;
    return { where: `${key} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(scalars)], exact: true };
  }
  if (operator === '$exists' && typeof operand === 'boolean') {
    return { where: `json_type(doc, ${jsonPath(path) as string}) IS ${operand ? 'NOT ' : ''}NULL`, params: [], exact: true };
  }
  return null;
}

/**
 * A comparison within the operand's type, as MongoDB's type bracketing does: SQLite orders every
 * number before every text, so the empty string bounds numbers from above and texts from below.
 */
function scalarCondition(key: string, op: string, operand: unknown): Sql | null {
  const value = sqlScalar(operand);
  if (value === undefined) return null;
  let where = `${key} ${op} ?`;
  if (typeof value === 'number' && (op === '>' || op === '>=')) where += ` AND ${key} < ''`;
  if (typeof value === 'string' && (op === '<' || op === '<=')) where += ` AND ${key} >= ''`;
  return { where, params: [value], exact: true };
}

/** The SQL value of a filter scalar: strings, finite numbers, dates (as ms); undefined for anything else. */
function sqlScalar(value: unknown): string | number | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.getTime();
  return undefined;
}

function inStrings(condition: unknown): string[] | null {
  if (!isOperatorObject(condition) || Object.keys(condition).length !== 1) return null;
  const values = (condition as { $in?: unknown }).$in;
  return Array.isArray(values) && values.every((v) => typeof v === 'string') ? (values as string[]) : null;
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date || value instanceof RegExp) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith('$'));
}
