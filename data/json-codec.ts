/**
 * Documents are stored as JSON text (by the embedded store; conversation state values by both
 * stores), readable with the `sqlite3` shell. JSON has no dates, so a
 * Date is written as `{"$date": <ms since epoch>}`: a number, so SQL compares and sorts dates
 * correctly (an ISO string would not: EJSON drops zero milliseconds). No stored field name can
 * start with `$` (the repositories refuse such keys), so the wrapper is never ambiguous.
 *
 * Dates are swapped by a walk before `JSON.stringify` and after `JSON.parse`, not by a replacer
 * or a reviver: V8's fast paths skip those callbacks, and every write and read of the store goes
 * through here (about 4 times faster on a conversation's state).
 */
export function encodeDoc(doc: unknown): string {
  return JSON.stringify(withWrappedDates(doc));
}

export function decodeDoc<T>(text: string): T {
  const value: unknown = JSON.parse(text);
  // Without a date there is nothing to revive (report projections).
  return (text.includes('"$date"') ? revived(value) : value) as T;
}

/** `value` with every Date replaced by its wrapper; objects without a date are not copied. */
function withWrappedDates(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.getTime() };
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const wrapped = withWrappedDates(item);
      if (wrapped !== item) (copy ??= value.slice())[i] = wrapped;
    }
    return copy ?? value;
  }
  if (value !== null && typeof value === 'object') {
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      const field = (value as Record<string, unknown>)[key];
      const wrapped = withWrappedDates(field);
      if (wrapped !== field) (copy ??= { ...value })[key] = wrapped;
    }
    return copy ?? value;
  }
  return value;
}

/** Replaces, in place, every `{"$date": ms}` of freshly parsed JSON with a Date. */
function revived(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revived(value[i]);
    return value;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1 && keys[0] === '$date' && typeof object.$date === 'number') return new Date(object.$date);
  for (const key of keys) object[key] = revived(object[key]);
  return object;
}
