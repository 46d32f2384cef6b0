import { describe, expect, it } from 'vitest';
import { randomId, timeOrderedId } from '../../data/ids.js';

describe('ids', () => {
  it('randomId gives 22 URL-safe characters, all different across many pool refills', () => {
    const ids = Array.from({ length: 5000 }, randomId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('timeOrderedId sorts in creation order and stays unique', () => {
    const ids = Array.from({ length: 5000 }, timeOrderedId);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-z]{13}[A-Za-z0-9_-]{8}$/);
  });
});
