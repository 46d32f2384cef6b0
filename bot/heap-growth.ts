/**
 * How far the V8 heap may grow. Two settings, both the operator's to override with node flags:
 *
 * - The old generation. By default V8 lets it grow to up to four times the live data after each
 *   full collection when collections are cheap, and under load a turn's short-lived objects
 *   outlive two scavenges and fill it: the latency bench (300 visitors pausing 1 s) held
 *   340–355 MB of RSS for about 90 MB of live data. At 1.5 times the same run holds 220 MB, flat,
 *   for the same CPU (bench/README.md).
 * - The young generation during start-up. Loading models, the catalogue and the scripts makes a
 *   lot of short-lived garbage that survives a few scavenges, and V8 answers by growing the young
 *   generation to its 32 MB maximum, which it then keeps: 30 MB of an idle server's 150 MB of RSS.
 *   It is held at its initial size until the server listens, then may grow as load needs.
 */
import v8 from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;
/** V8's own factor by which the young generation grows (`node --v8-options`). */
const V8_SEMI_SPACE_GROWTH_FACTOR = 2;

const setByOperator = (execArgv: readonly string[], flag: string): boolean =>
  execArgv.some((arg) => arg.startsWith(`--${flag}`) || arg.startsWith(`--${flag.replaceAll('-', '_')}`));

/** Applies both limits to this process, except those the operator started node with a setting of their own for. */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): void {
  if (!setByOperator(execArgv, 'heap-growing-percent')) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  if (!setByOperator(execArgv, 'semi-space-growth-factor')) v8.setFlagsFromString('--semi-space-growth-factor=1');
}

/** Once the server listens: the young generation may grow again, as V8 would have let it. */
export function releaseYoungGeneration(execArgv: readonly string[] = process.execArgv): void {
  if (!setByOperator(execArgv, 'semi-space-growth-factor')) v8.setFlagsFromString(`--semi-space-growth-factor=${V8_SEMI_SPACE_GROWTH_FACTOR}`);
}
