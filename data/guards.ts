/**
 * Type checks for values that come from outside (chat answers, HTTP queries, Slack payloads):
 * a non-string where a string is expected throws, so `{"$gt": ""}` can never become a query
 * operator, and user-supplied field names are never used as keys.
 */
export function requireString(value: unknown, what: string, maxLength = 1024): string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string, got ${describe(value)}`);
  if (value.length === 0) throw new TypeError(`${what} must not be empty`);
  if (value.length > maxLength) throw new TypeError(`${what} is longer than ${maxLength} characters`);
  return value;
}

export function optionalString(value: unknown, what: string, maxLength = 1024): string | undefined {
  return value === undefined ? undefined : requireString(value, what, maxLength);
}

/** E-mails are stored lower-cased and trimmed. */
export function normaliseEmail(value: unknown): string {
  return requireString(typeof value === 'string' ? value.trim().toLowerCase() : value, 'email', 320);
}

/** An array of at most `maxItems` non-empty strings (e.g. visitor ids from a lead). */
export function requireStrings(value: unknown, what: string, maxItems: number): string[] {
  if (!Array.isArray(value) || value.length > maxItems) throw new TypeError(`${what} must be an array of at most ${maxItems} strings`);
  return value.map((item) => requireString(item, what));
}

export function requireDate(value: unknown, what: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new TypeError(`${what} must be a valid Date, got ${describe(value)}`);
  return value;
}

export function requireInteger(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`${what} must be an integer in [${min}, ${max}], got ${describe(value)}`);
  }
  return value;
}

export function requireFiniteNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${what} must be a finite number, got ${describe(value)}`);
  return value;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Field names MongoDB would read as operators or paths, and prototype-pollution keys. */
export function isSafeKey(key: string): boolean {
  return key.length > 0 && !key.startsWith('$') && !key.includes('.') && !key.includes('\0') && !FORBIDDEN_KEYS.has(key);
}

/** Throws on any unsafe key anywhere in a JSON-like value (payloads stored as documents). */
export function assertSafeKeys(value: unknown, what: string, depth = 0): void {
  if (depth > 32) throw new TypeError(`${what} is nested too deeply`);
  if (Array.isArray(value)) {
    for (const item of value) assertSafeKeys(item, what, depth + 1);
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, inner] of Object.entries(value)) {
      if (!isSafeKey(key)) throw new TypeError(`${what} has a forbidden field name ${JSON.stringify(key.slice(0, 40))}`);
      assertSafeKeys(inner, what, depth + 1);
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
