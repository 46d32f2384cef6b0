/**
 * Index of the embedded store on one field (the first of a compound key): value → ids of every document (so it can narrow any
 * equality lookup), and unique constraints enforced the way MongoDB does: multikey, and only
 * among documents matching the partial filter.
 */
import { EJSON } from 'bson';
import type { Doc, IndexSpec } from '../collection.js';
import { DuplicateKeyError } from '../errors.js';
import { compileFilter } from './mingo.js';

export class FieldIndex {
  readonly field: string;
  private readonly entries = new Map<string, Set<string>>();
  private readonly inScope: (doc: Doc) => boolean;

  constructor(
    readonly spec: IndexSpec,
    private readonly collection: string,
    private readonly getDoc: (id: string) => Doc | undefined,
  ) {
    // A compound index narrows lookups on its first field; uniqueness is only supported on one field.
    const [first, ...others] = Object.keys(spec.key);
    if (first === undefined || (spec.unique && others.length > 0)) {
      throw new Error(`embedded store: index ${spec.name}: only single-field unique indexes are supported`);
    }
    this.field = first;
    const partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : null;
    this.inScope = partial ? (doc) => partial.test(doc as unknown as Record<string, unknown>) : () => true;
  }

  /** Ids of documents whose field equals (or, for arrays, contains) `value`. */
  lookup(value: unknown): ReadonlySet<string> {
    return this.entries.get(indexKey(value)) ?? new Set();
  }

  /** Throws DuplicateKeyError if `doc` (replacing the document with the same _id) breaks uniqueness. */
  check(doc: Doc): void {
    if (!this.spec.unique || !this.inScope(doc)) return;
    for (const value of keyValues(fieldValue(doc, this.field))) {
      for (const id of this.lookup(value)) {
        const other = this.getDoc(id);
        if (id !== doc._id && other && this.inScope(other)) throw new DuplicateKeyError(this.collection, this.spec.name, this.spec.key, { [this.field]: value });
      }
    }
  }

  add(doc: Doc): void {
    for (const value of keyValues(fieldValue(doc, this.field))) {
      const key = indexKey(value);
      const ids = this.entries.get(key);
      if (ids) ids.add(doc._id);
      else this.entries.set(key, new Set([doc._id]));
    }
  }

  remove(doc: Doc): void {
    for (const value of keyValues(fieldValue(doc, this.field))) {
      const key = indexKey(value);
      const ids = this.entries.get(key);
      ids?.delete(doc._id);
      if (ids?.size === 0) this.entries.delete(key);
    }
  }
}

function fieldValue(doc: Doc, field: string): unknown {
  return field.split('.').reduce<unknown>((value, part) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined), doc);
}

/** MongoDB's multikey rule: an array is indexed by each element; missing is indexed as null. */
function keyValues(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.length === 0 ? [undefined] : [...new Set(value)];
  return [value ?? null];
}

function indexKey(value: unknown): string {
  if (typeof value === 'string') return `s:${value}`;
  if (value instanceof Date) return `d:${value.getTime()}`;
  return `j:${EJSON.stringify(value === undefined ? { u: true } : { v: value }, { relaxed: true })}`;
}
