import { describe, expect, it } from 'vitest';
import { extract, extractors, isKnownSlot } from '../../bot/nlu/registry.js';
import { HOSTILE_INPUTS } from './hostile-inputs.js';

const ctx = { locale: 'fr' as const, now: new Date('2026-11-23T12:00:00Z') };

describe('NLU registry', () => {
  it('has the contact, timeline and budget slots plus the qualification slots', () => {
    for (const slot of ['email', 'phone', 'name', 'company', 'timeline', 'budget', 'project', 'role', 'companySize', 'sector']) {
      expect(isKnownSlot(slot), slot).toBe(true);
      expect(extractors[slot]!.slot).toBe(slot);
    }
  });

  it('refuses unknown slots, including prototype keys', () => {
    for (const slot of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(isKnownSlot(slot), slot).toBe(false);
      expect(extract(slot, 'hello', ctx)).toEqual({ ok: false, reason: 'unknown_slot' });
    }
  });

  it('never throws for any slot on hostile input, nor on a missing or broken context', () => {
    for (const slot of Object.keys(extractors)) {
      for (const input of HOSTILE_INPUTS) {
        expect(typeof extract(slot, input, ctx).ok).toBe('boolean');
      }
      expect(typeof extract(slot, null as unknown as string, ctx).ok).toBe('boolean');
      expect(typeof extract(slot, 'dans 3 mois', { locale: 'xx', now: new Date(Number.NaN) } as never).ok).toBe('boolean');
      expect(typeof extract(slot, 'dans 3 mois', undefined as never).ok).toBe('boolean');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
