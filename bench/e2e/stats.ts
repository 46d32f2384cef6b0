import { percentile } from '../support/timing.js';

/** Latency summaries of a phase. */
export interface PhaseResult {
  turnsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

export function summarise(latencies: readonly number[], seconds: number, errors: number): PhaseResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    turnsPerSec: Math.round(latencies.length / Math.max(seconds, 1e-3)),
    p50Ms: round1(percentile(sorted, 50)),
    p95Ms: round1(percentile(sorted, 95)),
    p99Ms: round1(percentile(sorted, 99)),
    errors,
  };
}
