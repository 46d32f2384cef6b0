/**
 * Typo tolerance for phrase tables: a word the table does not know ("newletters", "manufactoring",
 * "assurrance") is read as the one table word it is one edit away from (two for long words), by
 * Damerau-Levenshtein distance. Words a table word's stem already covers ("managers") are not typos.
 */
import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/index.js';

/** Shorter words are too often another real word one letter away ("sales"/"salle"). */
const MIN_TYPO_LENGTH = 5;
const LONG_WORD_LENGTH = 9;
/** Corrections are cached per vocabulary; the cache is bounded so hostile input cannot grow it forever. */
const MAX_CACHED = 5000;

export class TypoCorrector {
  private readonly byInitial = new Map<string, string[]>();
  private readonly cache = new Map<string, string | null>();

  /** `words`: folded words of the table; `isKnown`: true for a word the table matches without correction. */
  constructor(
    words: Iterable<string>,
    private readonly isKnown: (word: string) => boolean,
  ) {
    for (const word of new Set(words)) {
      if (word.length < MIN_TYPO_LENGTH - 1) continue;
      const list = this.byInitial.get(word[0]!) ?? [];
      list.push(word);
      this.byInitial.set(word[0]!, list);
    }
  }

  /** The table word `word` is a typo of, or undefined when it is known, too short or not close to exactly one word. */
  correct(word: string): string | undefined {
    if (word.length < MIN_TYPO_LENGTH || /\d/.test(word) || this.isKnown(word)) return undefined;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.nearest(word);
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(word, found ?? null);
    return found;
  }

  private nearest(word: string): string | undefined {
    const maxDistance = word.length >= LONG_WORD_LENGTH ? 2 : 1;
    let best: string | undefined;
    let bestDistance = Infinity;
    let ties = 0;
    // Visitors rarely get the first letter wrong; comparing only words with the same initial keeps this fast.
    for (const candidate of this.byInitial.get(word[0]!) ?? []) {
      if (Math.abs(candidate.length - word.length) > maxDistance) continue;
      const distance = DamerauLevenshteinDistance(word, candidate, { restricted: true });
      if (distance > maxDistance || distance > bestDistance) continue;
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
        ties = 0;
      } else if (candidate !== best) ties++;
    }
    return ties === 0 ? best : undefined;
  }
}
