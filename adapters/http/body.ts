/**
 * Request bodies are read per route (no global body parser) so each route sets its own size
 * limit and Slack can verify signatures on the raw bytes.
 */
import type { Request } from 'restify';
import { HttpError } from './errors.js';

export async function readRawBody(req: Request, limitBytes: number): Promise<Buffer> {
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

/** Reads a JSON object body; arrays, scalars and invalid JSON are 400s. */
export async function readJsonObject(req: Request, limitBytes: number): Promise<Record<string, unknown>> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'Content-Type must be application/json');
  }
  const raw = await readRawBody(req, limitBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_json', 'Body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new HttpError(400, 'invalid_body', 'Body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}
