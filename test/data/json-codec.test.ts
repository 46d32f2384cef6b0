import { describe, expect, it } from 'vitest';
import { decodeDoc, encodeDoc } from '../../data/json-codec.js';

describe('JSON codec of the embedded store', () => {
  const doc = { _id: 'a', at: new Date(5), history: [{ at: new Date(6), by: 'bot' }, 'x', null, [1, new Date(0)]], nested: { deep: { at: new Date(7) }, n: 1 }, empty: {}, none: [] };

  it('writes dates as {"$date": ms}, at any depth, and leaves the document as it was', () => {
    const text = encodeDoc(doc);
    expect(JSON.parse(text)).toEqual({ _id: 'a', at: { $date: 5 }, history: [{ at: { $date: 6 }, by: 'bot' }, 'x', null, [1, { $date: 0 }]], nested: { deep: { at: { $date: 7 } }, n: 1 }, empty: {}, none: [] });
    expect(doc.at).toBeInstanceOf(Date);
    expect(doc.history[0]).toEqual({ at: new Date(6), by: 'bot' });
  });

  it('reads back the same document, dates as Date objects', () => {
    const back = decodeDoc<typeof doc>(encodeDoc(doc));
    expect(back).toEqual(doc);
    expect((back.nested.deep.at as Date).getTime()).toBe(7);
  });

  it('leaves alone an object that only looks like a date wrapper', () => {
    expect(decodeDoc(encodeDoc({ a: { $date: 'not a number' }, b: { $date: 1, other: 2 } }))).toEqual({ a: { $date: 'not a number' }, b: { $date: 1, other: 2 } });
  });
});
