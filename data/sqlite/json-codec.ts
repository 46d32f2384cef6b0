/**
 * Documents are stored as JSON text, readable with the `sqlite3` shell. JSON has no dates, so a
 * Date is written as `{"$date": <ms since epoch>}`: a number, so SQL compares and sorts dates
 * correctly (an ISO string would not: EJSON drops zero milliseconds). No stored field name can
 * start with `$` (the repositories refuse such keys), so the wrapper is never ambiguous.
 */
export function encodeDoc(doc: object): string {
  return JSON.stringify(doc, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.getTime() } : value;
  });
}

export function decodeDoc<T>(text: string): T {
  // Without a date there is nothing to revive: the plain parse is several times faster (report projections).
  if (!text.includes('"$date"')) return JSON.parse(text) as T;
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const ms = (value as { $date?: unknown }).$date;
      if (typeof ms === 'number' && Object.keys(value).length === 1) return new Date(ms);
    }
    return value;
  }) as T;
}
