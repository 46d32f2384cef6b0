/**
 * Membership in a long JSON array of plain strings sorted in UTF-8 byte order (`["a.com", "b.com", …]`), answered by a
 * binary search in the file's bytes: the bytes (outside the JS heap) and one offset per entry are all that is held,
 * instead of one string object per entry plus a hash table. Bytes, not a string: one character outside Latin-1 ("gmaıl.net")
 * would make V8 store the whole text at two bytes a character. Entries must not need escaping in JSON (no quote or
 * backslash; a control character is not valid JSON): `fromBytes` refuses a text with an escape, or a list that is not sorted.
 */
import { readFileSync } from 'node:fs';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export class SortedJsonStrings {
  private constructor(
    private readonly bytes: Buffer,
    /** Start of each entry (after its opening quote) and its end (its closing quote), interleaved. */
    private readonly bounds: Uint32Array,
  ) {}

  static fromFile(file: string): SortedJsonStrings {
    return SortedJsonStrings.fromBytes(readFileSync(file), file);
  }

  static fromBytes(bytes: Buffer, source = 'list'): SortedJsonStrings {
    if (bytes.includes(BACKSLASH)) throw new Error(`${source}: an entry holds an escape, which this reader does not undo`);
    const bounds: number[] = [];
    for (let open = bytes.indexOf(QUOTE); open !== -1; ) {
      const close = bytes.indexOf(QUOTE, open + 1);
      if (close === -1) throw new Error(`${source}: unterminated string at byte ${open}`);
      const count = bounds.length;
      if (count > 0 && bytes.compare(bytes, bounds[count - 2], bounds[count - 1], open + 1, close) <= 0) {
        const entry = (start: number, end: number) => bytes.toString('utf8', start, end);
        throw new Error(`${source}: "${entry(open + 1, close)}" is not after "${entry(bounds[count - 2]!, bounds[count - 1]!)}" (the list must be sorted and without repeats)`);
      }
      bounds.push(open + 1, close);
      open = bytes.indexOf(QUOTE, close + 1);
    }
    return new SortedJsonStrings(bytes, Uint32Array.from(bounds));
  }

  get size(): number {
    return this.bounds.length / 2;
  }

  has(value: string): boolean {
    const wanted = Buffer.from(value);
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      // Negative: the entry sorts before the wanted value.
      const order = this.bytes.compare(wanted, 0, wanted.length, this.bounds[2 * middle], this.bounds[2 * middle + 1]);
      if (order === 0) return true;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}
