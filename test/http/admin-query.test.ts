import { describe, expect, it } from 'vitest';
import { parseLeadQuery } from '../../adapters/http/admin-api.js';

describe('admin API query parameters', () => {
  it('accepts sort=-score as the descending score sort, like sort=score', () => {
    expect(parseLeadQuery({ sort: '-score' })).toMatchObject({ sort: 'score', order: 'desc' });
    expect(parseLeadQuery({ sort: 'createdAt' }).sort).toBe('createdAt');
  });

  it('lists the allowed values when a value is refused', () => {
    expect(() => parseLeadQuery({ sort: 'name' })).toThrow('"sort" must be one of updatedAt, score, createdAt');
    expect(() => parseLeadQuery({ stage: 'hot' })).toThrow(/"stage" must be one of visitor, mcl, mql, sql, rejected/);
    expect(() => parseLeadQuery({ sort: ['score', 'updatedAt'] })).toThrow('"sort" must be given once, as text');
    expect(() => parseLeadQuery({ sort: '--score' })).toThrow(/"sort" must be one of/);
  });
});
