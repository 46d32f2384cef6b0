/**
 * sort + skip + limit without sorting every match: a page of `limit` after `skip` needs only the
 * first `skip + limit` documents in sort order, kept in a bounded heap (n log k instead of mingo's
 * full sort). Used only when every sort key holds one kind of scalar in every document (finite
 * numbers, strings or valid Dates): there this order is exactly mingo's $sort — lexicographic
 * over the keys, values compared with `<`, ties kept in input order. Anything else (missing
 * fields, mixed types, arrays, dotted paths) returns null and mingo sorts.
 */
import type { Sort } from '../collection.js';

type Kind = 'number' | 'string' | 'date';

export function sortPage<T extends object>(docs: readonly T[], sort: Sort, skip: number, limit: number | undefined): T[] | null {
  const fields = Object.keys(sort);
  if (fields.length === 0 || fields.some((field) => field.includes('.')) || !hasUniformKinds(docs, fields)) return null;
  const directions = fields.map((field) => sort[field] as number);
  // One column of comparable keys per field (Dates as milliseconds), read once.
  const columns = fields.map((field) =>
    docs.map((doc) => {
      const value = (doc as Record<string, unknown>)[field];
      return value instanceof Date ? value.getTime() : (value as number | string);
    }),
  );
  // Documents are referred to by input position: the last tie-break, as mingo's stable sort keeps input order.
  const compare = (a: number, b: number): number => {
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i] as (number | string)[];
      const x = column[a] as number | string;
      const y = column[b] as number | string;
      if (x !== y) return (x < y ? -1 : 1) * (directions[i] as number);
    }
    return a - b;
  };
  const wanted = limit === undefined ? docs.length : Math.min(skip + limit, docs.length);
  // Scan order: documents come roughly in creation order, and keys like dates grow with it; a
  // descending sort that scans from the end meets its winners first, so few displace the heap's top.
  const positions = wanted >= docs.length / 2 ? Array.from(docs.keys()).sort(compare).slice(0, wanted) : smallest(docs.length, wanted, compare, directions[0] === -1);
  return positions.slice(skip).map((at) => docs[at] as T);
}

/** True when each sort field holds one kind of comparable scalar in every document. */
function hasUniformKinds(docs: readonly object[], fields: string[]): boolean {
  return fields.every((field) => {
    const first = docs[0] && kindOf((docs[0] as Record<string, unknown>)[field]);
    return docs.every((doc) => kindOf((doc as Record<string, unknown>)[field]) === first && first !== undefined);
  });
}

function kindOf(value: unknown): Kind | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : undefined;
  if (typeof value === 'string') return 'string';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : 'date';
  return undefined;
}

/** The k smallest of 0…n-1 under `compare`, in order, with a max-heap of size k (scanning n-1…0 when `backwards`). */
function smallest(n: number, k: number, compare: (a: number, b: number) => number, backwards: boolean): number[] {
  type R = number;
  if (k <= 0) return [];
  const heap: R[] = [];
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j] as R, heap[i] as R]);
  for (let step = 0; step < n; step++) {
    const item = backwards ? n - 1 - step : step;
    if (heap.length < k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0 && compare(heap[i] as R, heap[(i - 1) >> 1] as R) > 0; i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    } else if (compare(item, heap[0] as R) < 0) {
      heap[0] = item;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let largest = i;
        if (left < k && compare(heap[left] as R, heap[largest] as R) > 0) largest = left;
        if (right < k && compare(heap[right] as R, heap[largest] as R) > 0) largest = right;
        if (largest === i) break;
        swap(i, largest);
        i = largest;
      }
    }
  }
  return heap.sort(compare);
}
