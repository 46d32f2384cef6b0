/** Latency figures shared by the benches: samples in milliseconds, nearest-rank percentiles. */

/** The p-th percentile (0–100) of ascending samples, by nearest rank; 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** p50, p95 and the maximum of the samples, rounded to `digits` decimals. */
export function latencySummary(samples: readonly number[], digits = 2): { p50: number; p95: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10 ** digits) / 10 ** digits;
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted.at(-1) ?? 0) };
}

/** Runs `op` `runs` times, one after the other; the duration of each run. */
export async function timedRuns(runs: number, op: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await op();
    times.push(performance.now() - started);
  }
  return times;
}
