import { randomBytes } from 'node:crypto';

/** Random URL-safe string id (22 chars): leads, eTags. Strings, not ObjectIds, so both stores agree. */
export function randomId(): string {
  return randomBytes(16).toString('base64url');
}

let counter = 0;

/** Id that sorts by creation time (then by creation order within this process): events, transcripts. */
export function timeOrderedId(): string {
  counter = (counter + 1) % 36 ** 4;
  return Date.now().toString(36).padStart(9, '0') + counter.toString(36).padStart(4, '0') + randomBytes(6).toString('base64url');
}
