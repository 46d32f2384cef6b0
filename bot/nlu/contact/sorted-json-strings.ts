/**
 * Membership in a long JSON array of plain strings sorted in code-unit order (`["a.com", "b.com", …]`), answered by a
 * binary search in the file's text: the text and one offset per entry are all that is held, instead of one string
 * object per entry plus a hash table. Entries must not need escaping in JSON (no quote or backslash; a control
 * character is not valid JSON): `fromText` refuses a text with an escape, or a list that is not sorted.
 */
import { readFileSync } from 'node:fs';

export class SortedJsonStrings {
  private constructor(
    private readonly text: string,
    /** Start of each entry's characters (after its opening quote); its closing quote is the next `"`. */
    private readonly starts: Uint32Array,
  ) {}

  static fromFile(file: string): SortedJsonStrings {
    return SortedJsonStrings.fromText(readFileSync(file, 'utf8'), file);
  }

  static fromText(text: string, source = 'list'): SortedJsonStrings {
    if (text.includes('\\')) throw new Error(`${source}: an entry holds an escape, which this reader does not undo`);
    const starts: number[] = [];
    let previous = '';
    for (let open = text.indexOf('"'); open !== -1; ) {
      const close = text.indexOf('"', open + 1);
      if (close === -1) throw new Error(`${source}: unterminated string at ${open}`);
      const entry = text.slice(open + 1, close);
      if (entry <= previous && starts.length > 0) throw new Error(`${source}: "${entry}" is not after "${previous}" (the list must be sorted and without repeats)`);
      starts.push(open + 1);
      previous = entry;
      open = text.indexOf('"', close + 1);
    }
    return new SortedJsonStrings(text, Uint32Array.from(starts));
  }

  get size(): number {
    return this.starts.length;
  }

  has(value: string): boolean {
    let low = 0;
    let high = this.starts.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const entry = this.entry(middle);
      if (entry === value) return true;
      if (entry < value) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }

  private entry(index: number): string {
    const start = this.starts[index]!;
    return this.text.slice(start, this.text.indexOf('"', start));
  }
}
