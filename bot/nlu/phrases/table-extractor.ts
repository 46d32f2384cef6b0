/**
 * An extractor over a designer's phrase table (data/nlu/<slot>.phrases.yaml), loaded on first use
 * (an invalid table throws PhraseTableError then, it is not hidden as a failed extraction).
 * Not understood → `{ok:false, reason:'unrecognised'}`; understood → the label with the matcher's
 * confidence (below the script's threshold the bot asks the visitor to pick).
 */
import type { Locale } from '../../../core/lead/model.js';
import { guardedExtractor } from '../text.js';
import type { ExtractResult, Extractor } from '../../../core/slots/extractor.js';
import { PhraseMatcher, type MatcherOptions } from './matcher.js';
import { groupsOf, loadPhraseTable, phraseTablePath } from './phrase-table.js';
import type { Reading } from './cross-check.js';

export interface PhraseTableOptions<T extends string> {
  file?: string;
  /** A reading that goes before the table when it finds something (company size: a headcount said as a number). */
  readFirst?: (text: string) => ExtractResult<T> | undefined;
  /** Rewrites the answer before the table reads it, for what folding would lose (sector: "IT" in capitals is not "it"). */
  prepare?: (text: string, locale: Locale) => string;
  /** How the matcher reads the table (sector: words that introduce a client, `clientWords`). */
  matcher?: MatcherOptions;
  /** A second reader that may overrule the table's reading or answer where it asks (role, sector: `cross-check.ts`). */
  review?: (reading: Reading<T> | undefined, text: string, locale: Locale) => Reading<T> | undefined;
}

export function phraseTableExtractor<T extends string>(slot: string, values: readonly T[], options: PhraseTableOptions<T> = {}): Extractor<T> {
  const file = options.file ?? phraseTablePath(slot);
  let matcher: PhraseMatcher<T> | undefined;
  const guarded = guardedExtractor<T>(slot, (text, ctx) => {
    const first = options.readFirst?.(text);
    if (first) return first;
    const matched = matcher!.match(options.prepare ? options.prepare(text, ctx.locale) : text, ctx.locale);
    const found = options.review ? options.review(matched, text, ctx.locale) : matched;
    return found ? { ok: true, value: found.label, confidence: found.confidence } : { ok: false, reason: 'unrecognised' };
  });
  return {
    slot,
    extract(text, ctx) {
      matcher ??= new PhraseMatcher(groupsOf(loadPhraseTable(file, values)), options.matcher);
      return guarded.extract(text, ctx);
    },
  };
}
