/**
 * How far the V8 heap may grow past what it holds. By default V8 lets the old generation grow to
 * up to four times the live data after each full collection when collections are cheap, and
 * under load a turn's short-lived objects outlive two scavenges and fill it: the latency bench
 * (300 visitors pausing 1 s) held 340–355 MB of RSS for about 90 MB of live data. At 1.5 times
 * the same run holds 220 MB, flat, for the same CPU (bench/README.md).
 */
import v8 from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

/** Applies the limit to this process, unless the operator started node with a growth setting of their own. */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): void {
  if (execArgv.some((arg) => arg.startsWith('--heap-growing-percent') || arg.startsWith('--heap_growing_percent'))) return;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
