/**
 * Hostile input for the property suite (fast-check): strings of every kind, JSON text of any
 * shape (deep, wide, huge, prototype-polluting keys), wrong content types and odd headers.
 * JSON is generated as text, so keys such as `__proto__` really reach the server as own keys.
 */
import fc from 'fast-check';

/** Keys that have bitten JavaScript and MongoDB servers. */
export const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '$gt', '$where', '$ne', 'a.b', '', ' '] as const;

const CONTROL = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
const ODD_CHARACTERS = fc.constantFrom('\u0000', '\u200b', '\u202e', '\u2028', '\ufeff', '\ud800', '\udfff', '😀', '👩‍👩‍👧', 'é', 'ﬁ', '\\', '"', "'", '<', '>', '&', '%', '{', '}', '$');

/** Text a visitor, an attacker or a broken client could send. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 3, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.oneof(CONTROL, ODD_CHARACTERS, fc.string({ minLength: 1, maxLength: 1 })) }) },
  { weight: 1, arbitrary: fc.constantFrom(...POLLUTING_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom('<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '{"$gt":""}', '../../etc/passwd', "'; DROP TABLE leads; --", '=cmd|/C calc!A0', '%00', 'null', 'NaN', '-1', '1e309') },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map((n) => 'é'.repeat(n)) },
);

type JsonNode = { leaf: unknown } | { array: JsonNode[] } | { object: [string, JsonNode][] };

const leaf = fc.oneof(hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const key = fc.oneof({ weight: 3, arbitrary: hostileString }, { weight: 2, arbitrary: fc.constantFrom(...POLLUTING_KEYS) });

const jsonTree = fc.letrec<{ node: JsonNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf.map((value) => ({ leaf: value })),
    fc.array(tie('node'), { maxLength: 6 }).map((array) => ({ array })),
    fc.array(fc.tuple(key, tie('node')), { maxLength: 6 }).map((object) => ({ object })),
  ),
})).node;

/** JSON text of a tree; numbers JSON cannot write (NaN, Infinity) become null, as JSON.stringify does. */
export function jsonText(node: JsonNode): string {
  if ('leaf' in node) return JSON.stringify(node.leaf) ?? 'null';
  if ('array' in node) return `[${node.array.map(jsonText).join(',')}]`;
  return `{${node.object.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
}

/** Any JSON text: small trees, very deep and very wide structures, huge strings. */
export const hostileJsonText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: jsonTree.map(jsonText) },
  { weight: 1, arbitrary: fc.integer({ min: 60, max: 40_000 }).map((d) => `${'['.repeat(d)}${']'.repeat(d)}`) },
  { weight: 1, arbitrary: fc.integer({ min: 60, max: 5_000 }).map((d) => `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 20_000 }).map((n) => `[${'0,'.repeat(n)}0]`) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 5_000 }).map((n) => `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`) },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 1_200_000 }).map((n) => JSON.stringify({ text: 'x'.repeat(n) })) },
);

/** A body as sent: JSON text, or any text at all (malformed JSON, form data, nothing). */
export const hostileBody: fc.Arbitrary<string> = fc.oneof({ weight: 4, arbitrary: hostileJsonText }, { weight: 2, arbitrary: hostileString }, { weight: 1, arbitrary: fc.constant('') });

/** An object body (JSON text) whose fields are taken from `fields`, each either well-formed or hostile, plus stray keys. */
export function objectBody(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<string> {
  const entries = Object.entries(fields).map(([name, valid]) =>
    fc.oneof({ weight: 3, arbitrary: valid.map((value) => ({ leaf: value }) as JsonNode) }, { weight: 1, arbitrary: jsonTree }, { weight: 1, arbitrary: fc.constant(undefined) }).map((node) => [name, node] as const),
  );
  const stray = fc.array(fc.tuple(key, jsonTree), { maxLength: 2 });
  return fc.tuple(fc.tuple(...entries), stray).map(([known, extra]) =>
    jsonText({ object: [...known.filter((entry): entry is readonly [string, JsonNode] => entry[1] !== undefined).map(([k, v]) => [k, v] as [string, JsonNode]), ...extra] }),
  );
}

export const hostileContentType = fc.oneof(
  { weight: 4, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/xml', 'application/vnd.api+json', '*/*', ''),
  },
  { weight: 1, arbitrary: headerValue() },
);

/** A header value HTTP allows (no control character but tab, Latin-1 only), up to 1.5 kB (four of them stay under Node's header limit). */
export function headerValueOf(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  // eslint-disable-next-line no-control-regex -- the characters HTTP refuses in a header value
  return text.map((s) => s.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, ' ').replace(/[^\u0000-\u00ff]/g, '?').trim().slice(0, 1500));
}

function headerValue(): fc.Arbitrary<string> {
  return headerValueOf(hostileString);
}

/** Headers a client may add: auth, cookies, forwarding, language, encodings, ids, all with odd values. */
export const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc
  .array(fc.tuple(fc.constantFrom('authorization', 'cookie', 'x-forwarded-for', 'accept-language', 'accept', 'accept-encoding', 'origin', 'referer', 'x-csrf-token', 'last-event-id', 'if-none-match', 'user-agent', 'x-ms-conversation-id'), headerValue()), { maxLength: 4 })
  .map((pairs) => Object.fromEntries(pairs));

/** A query string of hostile keys and values, repeated keys included. */
export function queryString(keys: readonly string[]): fc.Arbitrary<string> {
  const name = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: key });
  const value = fc.oneof({ weight: 3, arbitrary: hostileString }, { weight: 1, arbitrary: fc.constantFrom('', '-1', '0', '1e999', '99999999999999999999', '2026-13-45', 'true', '[object Object]') });
  // Kept under Node's 16 kB header limit once percent-encoded, so the request reaches the app (Node answers 431 itself beyond).
  return fc.array(fc.tuple(name, value), { maxLength: 6 }).map((pairs) => new URLSearchParams(pairs).toString().slice(0, 6000).replace(/%[0-9A-F]?$/, ''));
}

/** A JSON string literal of hostile text. */
export const jsonStringText: fc.Arbitrary<string> = hostileString.map((s) => JSON.stringify(s));

/** A JSON literal of one of these values. */
export const jsonOf = (...values: unknown[]): fc.Arbitrary<string> => fc.constantFrom(...values.map((v) => JSON.stringify(v)));

/**
 * JSON object text from fields given as JSON text (so a 40,000-deep value is never a JavaScript
 * object the test itself would have to walk); fields not in `required` may be left out.
 */
export function jsonObjectText(fields: Record<string, fc.Arbitrary<string>>, required: readonly string[] = []): fc.Arbitrary<string> {
  return fc.record(fields, { requiredKeys: [...required] }).map((record) => `{${Object.entries(record).map(([k, text]) => `${JSON.stringify(k)}:${text}`).join(',')}}`);
}

/** Lone UTF-16 surrogates replaced (form encoding cannot carry them; the bytes on the wire are tested with JSON bodies). */
export const wellFormed = (s: string): string => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
