/**
 * Which rate-limit backend the web channel picks. The shared (MongoDB) budgets cannot be proven
 * here (no MongoDB server on this machine); what runs is the selection and the fallback: while
 * MongoDB is unreachable the in-memory insurance limiters still enforce every budget.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RateLimits } from '../../adapters/web/rate-limits.js';
import { HttpError } from '../../adapters/web/http-io.js';

const rules = { visitor: { points: 2, durationSec: 60 }, ip: { points: 3, durationSec: 60 } };
/** Nothing listens on port 1; the short selection timeout keeps each failed attempt brief. */
const UNREACHABLE = { uri: 'mongodb://127.0.0.1:1/leadq_rate_limits?serverSelectionTimeoutMS=150', dbName: 'leadq_test' };

async function outcomes(spend: () => Promise<void>, times: number): Promise<(number | 'ok')[]> {
  const results: (number | 'ok')[] = [];
  for (let i = 0; i < times; i++) {
    results.push(
      await spend().then(
        () => 'ok' as const,
        (error: unknown) => (error instanceof HttpError ? error.status : Promise.reject(error)),
      ),
    );
  }
  return results;
}

describe('web rate limit backend', () => {
  const opened: RateLimits[] = [];
  const create = (...args: Parameters<typeof RateLimits.create>): RateLimits => {
    const limits = RateLimits.create(...args);
    opened.push(limits);
    return limits;
  };
  afterEach(async () => Promise.all(opened.splice(0).map((l) => l.close())));

  it('keeps budgets in memory on the embedded store, even when a MongoDB URI is around', async () => {
    const limits = create(rules, 'embedded', UNREACHABLE);
    expect(limits.backend).toBe('memory');
    expect(await outcomes(() => limits.visitor('visitor-a'), 3)).toEqual(['ok', 'ok', 429]);
    expect(await outcomes(() => limits.visitor('visitor-b'), 1)).toEqual(['ok']);
    expect(await outcomes(() => limits.ip('203.0.113.9'), 4)).toEqual(['ok', 'ok', 'ok', 429]);
  });

  it('falls back to memory when the store is MongoDB but the channel was given no URI', () => {
    expect(create(rules, 'mongodb').backend).toBe('memory');
  });

  it('shares budgets through MongoDB when the store is MongoDB, and still enforces them from memory while MongoDB is unreachable', async () => {
    const limits = create(rules, 'mongodb', UNREACHABLE);
    expect(limits.backend).toBe('mongodb');
    expect(await outcomes(() => limits.visitor('visitor-a'), 3)).toEqual(['ok', 'ok', 429]);
    expect(await outcomes(() => limits.visitor('visitor-b'), 1)).toEqual(['ok']);
  });

  it('treats hostile keys as plain keys of their own budget', async () => {
    const limits = create(rules, 'embedded');
    const hostile = ['{"$gt": ""}', '__proto__', 'constructor', '<script>alert(1)</script>', '😀'.repeat(3000)];
    for (const key of hostile) expect(await outcomes(() => limits.visitor(key), 3)).toEqual(['ok', 'ok', 429]);
    expect(({} as Record<string, unknown>).points).toBeUndefined();
  });
});
