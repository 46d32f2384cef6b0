import { randomFillSync } from 'node:crypto';

/**
 * Random bytes are drawn from the OS a pool at a time (as Node's randomUUID does): one system call
 * per few hundred ids instead of one per id, which showed in a turn's profile.
 */
const pool = Buffer.alloc(4096);
let used = pool.length;

function randomBase64url(bytes: number): string {
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const id = pool.toString('base64url', used, used + bytes);
  used += bytes;
  return id;
}

/** Random URL-safe string id (22 chars): leads, eTags. Strings, not ObjectIds, so both stores agree. */
export function randomId(): string {
  return randomBase64url(16);
}

let counter = 0;

/** Id that sorts by creation time (then by creation order within this process): events, transcripts. */
export function timeOrderedId(): string {
  counter = (counter + 1) % 36 ** 4;
  return Date.now().toString(36).padStart(9, '0') + counter.toString(36).padStart(4, '0') + randomBase64url(6);
}
