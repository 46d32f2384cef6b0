/**
 * Every sort of the leads list has an index keyed exactly as the list sorts ({field, _id}, one
 * direction): MongoDB then reads a page from the index instead of sorting every lead in memory.
 */
import { describe, expect, it } from 'vitest';
import { LEAD_SORTS } from '../../core/ports/repository.js';
import { LEAD_INDEXES } from '../../data/repositories/lead-repository.js';

describe('lead indexes', () => {
  it.each(LEAD_SORTS)('the list sort on %s has a {field, _id} index', (field) => {
    expect(LEAD_INDEXES.map((index) => index.key)).toContainEqual({ [field]: -1, _id: -1 });
  });

  it('keys the sort field first, so the index serves the sort in either direction', () => {
    for (const field of LEAD_SORTS) {
      const index = LEAD_INDEXES.find((candidate) => candidate.key[field] !== undefined && candidate.key._id !== undefined);
      expect(Object.keys(index?.key ?? {})).toEqual([field, '_id']);
    }
  });
});
