/**
 * Retention as the database's own rule: a document with an `expiresAt` date is deleted once that
 * date has passed — a TTL index on MongoDB (`expireAfterSeconds: 0`), the same rule swept
 * periodically on SQLite. The repositories decide per document when (and whether) it expires,
 * so changing a retention setting never conflicts with an existing index.
 */
import type { IndexSpec } from '../collection.js';

export const EXPIRY_INDEX: IndexSpec = { name: 'expiresAt_ttl', key: { expiresAt: 1 }, expireAfterSeconds: 0 };

const DAY_MS = 24 * 3600 * 1000;

export interface Retention {
  /** Transcripts of conversations whose visitor never became a lead with an e-mail, and idle conversation state. */
  anonymousDays: number;
  /** Delivered (done) outbox items. */
  deliveredDays: number;
}

export const DEFAULT_RETENTION: Retention = { anonymousDays: 30, deliveredDays: 30 };

export function afterDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}
