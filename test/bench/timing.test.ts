import { describe, expect, it } from 'vitest';
import { latencySummary, percentile, timedRuns } from '../../bench/support/timing.js';

describe('bench latency figures', () => {
  it('takes percentiles by nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), percentile(sorted, 100)]).toEqual([50, 95, 99, 100]);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });

  it('summarises unsorted samples as p50, p95 and max, rounded', () => {
    expect(latencySummary([3.333, 1.111, 2.222], 1)).toEqual({ p50: 2.2, p95: 3.3, max: 3.3 });
    expect(latencySummary([10.6, 2.4], 0)).toEqual({ p50: 2, p95: 11, max: 11 });
  });

  it('times each run of an operation, one after the other', async () => {
    let running = 0;
    let overlapped = false;
    const times = await timedRuns(5, async () => {
      running++;
      overlapped ||= running > 1;
      await new Promise((resolve) => setImmediate(resolve));
      running--;
    });
    expect(times).toHaveLength(5);
    expect(times.every((t) => t >= 0)).toBe(true);
    expect(overlapped).toBe(false);
  });
});
