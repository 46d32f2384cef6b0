/** The heap limits leadq sets at start (bot/heap-growth.ts), and that the operator's node flags win over them. */
import v8 from 'node:v8';
import { describe, expect, it, vi } from 'vitest';
import { HEAP_GROWING_PERCENT, limitHeapGrowth, releaseYoungGeneration } from '../../bot/heap-growth.js';

function flagsSet(run: () => void): string[] {
  const spy = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
  try {
    run();
    return spy.mock.calls.map(([flag]) => flag);
  } finally {
    spy.mockRestore();
  }
}

describe('heap growth limits', () => {
  it('limit the old generation and hold the young one at start, then let the young one grow as V8 would', () => {
    expect(flagsSet(() => limitHeapGrowth([]))).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`, '--semi-space-growth-factor=1']);
    expect(flagsSet(() => releaseYoungGeneration([]))).toEqual(['--semi-space-growth-factor=2']);
  });

  it('leave alone what the operator set on the command line, in either spelling', () => {
    expect(flagsSet(() => limitHeapGrowth(['--heap_growing_percent=80']))).toEqual(['--semi-space-growth-factor=1']);
    expect(flagsSet(() => limitHeapGrowth(['--semi-space-growth-factor=3']))).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
    expect(flagsSet(() => releaseYoungGeneration(['--semi_space_growth_factor=3']))).toEqual([]);
  });
});
