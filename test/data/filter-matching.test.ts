/**
 * The embedded store checks filters SQL cannot answer in JavaScript: plain top-level equalities on
 * a fast path, everything else with mingo. Both must agree with MongoDB's meaning, checked here
 * against mingo itself on random documents.
 */
import fc from 'fast-check';
import { Query } from 'mingo';
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../data/sqlite/mingo.js';

const scalar = fc.oneof(fc.constantFrom('a', 'b', ''), fc.constantFrom(0, 1, 2.5, -1), fc.boolean());
const fieldValue = fc.oneof(scalar, fc.constant(null), fc.array(scalar, { maxLength: 3 }), fc.array(fc.array(scalar, { maxLength: 2 }), { maxLength: 2 }), fc.record({ x: scalar }));
const fields = fc.constantFrom('_id', 'version', 'eTag', 'tags');
const doc = fc.dictionary(fields, fieldValue, { maxKeys: 4 });
const filter = fc.dictionary(fields, scalar, { minKeys: 1, maxKeys: 3 });

describe('residual filter matching of the embedded store', () => {
  it('a plain equality filter matches exactly the documents mingo matches (arrays holding the value included)', () => {
    fc.assert(
      fc.property(doc, filter, (d, f) => {
        expect(compileFilter(f).test(d)).toBe(new Query(f).test(d));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches a conditional write’s filter on the right version only', () => {
    const matcher = compileFilter({ _id: 'c1', version: 3 });
    expect(matcher.test({ _id: 'c1', version: 3 })).toBe(true);
    expect(matcher.test({ _id: 'c1', version: 4 })).toBe(false);
    expect(matcher.test({ _id: 'c1', version: '3' })).toBe(false);
    expect(matcher.test({ _id: 'c1' })).toBe(false);
  });
});
