/**
 * Keys of an index kept in the collection's key table: every unique index, and a single-field
 * index once a document holds an array there (MongoDB's "multikey" index; `visitorIds`), where
 * a key column cannot answer. Keys as MongoDB computes them: an array field gives one key per distinct
 * element (multikey), an empty array or a missing field gives one null key, and only documents
 * matching the partial filter take part in uniqueness. Keys are typed strings, so "1" and 1
 * never collide. SQLite enforces uniqueness on them (a partial unique index of the key table).
 * Documents outside the partial filter are listed too (without null keys, and not unique), so
 * an equality query on the field is answered from the key table alone, for every document.
 */
import type { Doc, IndexSpec } from '../collection.js';
import { fieldValue } from './key-columns.js';
import { compileFilter } from './mingo.js';

export class IndexKeys {
  readonly field: string;
  private readonly inScope: (doc: object) => boolean;

  constructor(readonly spec: IndexSpec) {
    const fields = Object.keys(spec.key);
    if (fields.length !== 1) throw new Error(`sqlite store: index ${spec.name}: only single-field unique or multikey indexes are supported`);
    this.field = fields[0] as string;
    const partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : null;
    this.inScope = partial ? (doc) => partial.test(doc as Record<string, unknown>) : () => true;
  }

  /** Keys of `doc`, and whether they take part in uniqueness (the document matches the partial filter). */
  keysOf(doc: Doc): { keys: string[]; unique: boolean } {
    const unique = this.spec.unique === true && this.inScope(doc);
    const value = fieldValue(doc, this.field);
    const values = Array.isArray(value) ? (value.length === 0 ? [null] : [...new Set(value)]) : [value ?? null];
    const keys = [...new Set(values.filter((v) => unique || v !== null).map(encodeKey))];
    return { keys, unique };
  }
}

export function encodeKey(value: unknown): string {
  if (typeof value === 'string') return `s:${value}`;
  if (value instanceof Date) return `d:${value.getTime()}`;
  return `j:${JSON.stringify(value)}`;
}
