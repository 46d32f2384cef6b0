/** The modest load every fault runs under: FR and EN personas, a few conversations at a time, seeded fault moments. */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { ENGLISH_WARM, FRENCH_HOT } from '../e2e/answers.js';
import type { Persona } from './resilient-visitor.js';

/** Alternately a hot French lead (qualifies: MQL) and a warm English one; unique e-mails. */
export function personas(count: number, prefix: string): Persona[] {
  const run = randomBytes(4).toString('hex');
  return Array.from({ length: count }, (_, i) => {
    const french = i % 2 === 0;
    const email = `${prefix}.${i}.${run}@${french ? 'acme-industrie.fr' : 'globex.co.uk'}`;
    return { answers: { ...(french ? FRENCH_HOT : ENGLISH_WARM), email }, locale: french ? 'fr-FR' : 'en-GB', email };
  });
}

/** Runs `work` on every item, at most `concurrency` at once; rejects with the first failure once all settled. */
export async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        await work(item).catch((err: unknown) => errors.push(err));
      }
    }),
  );
  if (errors.length > 0) throw errors[0];
}

/** `count` distinct integers in [min, max], sorted, drawn from `seed` (the same seed gives the same moments). */
export function seededMoments(seed: number, count: number, min: number, max: number): number[] {
  const [moments] = fc.sample(fc.uniqueArray(fc.integer({ min, max }), { minLength: count, maxLength: count }), { seed, numRuns: 1 });
  return [...moments!].sort((a, b) => a - b);
}
