import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { SortedJsonStrings } from '../../bot/nlu/contact/sorted-json-strings.js';

const require = createRequire(import.meta.url);

describe('a sorted JSON list of strings searched in its bytes', () => {
  it('finds every entry of the disposable-domain list and nothing else', () => {
    const file = require.resolve('disposable-email-domains');
    const list = SortedJsonStrings.fromFile(file);
    const domains = require('disposable-email-domains') as string[];
    expect(list.size).toBe(domains.length);
    expect(domains.filter((d) => !list.has(d))).toEqual([]);
    for (const absent of ['', 'gmail.com', 'acme.fr', `${domains[0]}x`, domains.at(-1)!.slice(0, -1), '\uffff', ' ']) {
      expect(list.has(absent), absent).toBe(domains.includes(absent));
    }
  });

  it('answers at both ends and between entries', () => {
    const list = SortedJsonStrings.fromBytes(Buffer.from('["b.com", "d.com", "f.com"]'));
    expect(['a.com', 'b.com', 'c.com', 'd.com', 'e.com', 'f.com', 'g.com'].map((d) => list.has(d))).toEqual([false, true, false, true, false, true, false]);
    expect(SortedJsonStrings.fromBytes(Buffer.from('[]')).has('a')).toBe(false);
  });

  it('refuses a list it would answer wrongly: unsorted, repeated or escaped entries', () => {
    expect(() => SortedJsonStrings.fromBytes(Buffer.from('["b.com", "a.com"]'))).toThrow(/not after "b.com"/);
    expect(() => SortedJsonStrings.fromBytes(Buffer.from('["a.com", "a.com"]'))).toThrow(/sorted and without repeats/);
    expect(() => SortedJsonStrings.fromBytes(Buffer.from('["a\\"b.com"]'))).toThrow(/escape/);
    expect(() => SortedJsonStrings.fromBytes(Buffer.from('["a.com", "b.com'))).toThrow(/unterminated/);
  });
});
