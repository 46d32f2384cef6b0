/**
 * Request bodies are read per route (no global body parser) so each route sets its own size
 * limit and Slack can verify signatures on the raw bytes.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors.js';

export async function readRawBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    throw new HttpError(413, 'payload_too_large', `Body is ${declared} bytes; the limit is ${limitBytes}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) {
      req.resume();
      throw new HttpError(413, 'payload_too_large', `Body exceeds the limit of ${limitBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Deepest nesting of objects and arrays any endpoint accepts. Real payloads (Bot Framework
 * activities with channelData, widget requests) stay under 20; a deeper body would only make later
 * recursive code (serialisers, validators) overflow the stack.
 */
export const MAX_JSON_DEPTH = 64;

/** Parses JSON text; invalid JSON and nesting deeper than MAX_JSON_DEPTH are 400s. */
export function parseJson(text: string): unknown {
  // Counted on the text before parsing, so a hostile body costs one linear scan.
  if (nestingDepth(text) > MAX_JSON_DEPTH) throw new HttpError(400, 'too_deep', `JSON is nested deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_json', 'Body is not valid JSON');
  }
}

/** Deepest bracket nesting of JSON text, ignoring brackets inside strings. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** Reads a JSON object body; arrays, scalars and invalid JSON are 400s. */
export async function readJsonObject(req: IncomingMessage, limitBytes: number): Promise<Record<string, unknown>> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'Content-Type must be application/json');
  }
  const parsed = parseJson((await readRawBody(req, limitBytes)).toString('utf8'));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new HttpError(400, 'invalid_body', 'Body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}
