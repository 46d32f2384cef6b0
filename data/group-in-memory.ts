/** `groupCount` over documents already in memory: the SQLite store's answer when SQL cannot apply the filter exactly. */
import type { GroupRow, GroupSpec } from './collection.js';

function valueAt(doc: unknown, path: string): unknown {
  let value = doc;
  for (const part of path.split('.')) value = value !== null && typeof value === 'object' && !(value instanceof Date) ? (value as Record<string, unknown>)[part] : undefined;
  return value instanceof Date ? value.getTime() : (value ?? null);
}

export function groupInMemory(docs: readonly object[], spec: GroupSpec): GroupRow[] {
  const rows = new Map<string, GroupRow>();
  for (const doc of docs) {
    const key = spec.by.map((path) => valueAt(doc, path));
    const id = JSON.stringify(key);
    const row = rows.get(id) ?? rows.set(id, { key, count: 0 }).get(id)!;
    row.count++;
  }
  return [...rows.values()];
}
