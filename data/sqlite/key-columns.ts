/**
 * Key columns: each field of a non-unique, non-multikey index is copied from the document into a
 * column of its own (`"k:stage"`, `"k:report.day"`), written by the store with the document, and
 * the SQLite indexes are built on those columns. An index on an expression of `doc` would have to
 * re-read the JSON for every index on every update, and rewrite every index whenever `doc`
 * changes; with columns an update sets only the keys that changed, so an update of a lead's score
 * leaves its e-mail, stage and date indexes untouched.
 *
 * A key is what `coalesce(json_extract(doc, '$.f."$date"'), json_extract(doc, '$.f'))` gives (the
 * expression that fills a column added to existing rows): a date's milliseconds, else the scalar,
 * NULL when missing or null. Indexed fields hold only such scalars (sqlite-collection.ts checks).
 */
import { jsonPath } from './sql-filter.js';

/** The quoted column holding `path`'s key. */
export function keyColumn(path: string): string {
  if (!jsonPath(path)) throw new Error(`sqlite store: cannot index field ${JSON.stringify(path)}`);
  return `"k:${path}"`;
}

/** The column name as `PRAGMA table_info` lists it, or null when `name` is not a key column. */
export function keyColumnPath(name: string): string | null {
  return name.startsWith('k:') ? name.slice(2) : null;
}

/** The key of `path` in `doc`, as SQL compares it. */
export function keyValue(doc: object, path: string): string | number | null {
  const value = fieldValue(doc, path);
  if (value instanceof Date) return value.getTime();
  return typeof value === 'string' || typeof value === 'number' ? value : null;
}

/** The value at a dotted path, through the document's own fields only (never an array's or a prototype's). */
export function fieldValue(doc: object, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
