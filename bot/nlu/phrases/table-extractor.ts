/**
 * An extractor over a designer's phrase table (data/nlu/<slot>.phrases.yaml), loaded on first use
 * (an invalid table throws PhraseTableError then, it is not hidden as a failed extraction).
 * Not understood → `{ok:false, reason:'unrecognised'}`; understood → the label with the matcher's
 * confidence (below the script's threshold the bot asks the visitor to pick).
 */
import { guardedExtractor } from '../text.js';
import type { Extractor } from '../../../core/slots/extractor.js';
import { PhraseMatcher } from './matcher.js';
import { groupsOf, loadPhraseTable, phraseTablePath } from './phrase-table.js';

export function phraseTableExtractor<T extends string>(slot: string, values: readonly T[], file = phraseTablePath(slot)): Extractor<T> {
  let matcher: PhraseMatcher<T> | undefined;
  const guarded = guardedExtractor<T>(slot, (text) => {
    const found = matcher!.match(text);
    return found ? { ok: true, value: found.label, confidence: found.confidence } : { ok: false, reason: 'unrecognised' };
  });
  return {
    slot,
    extract(text, ctx) {
      matcher ??= new PhraseMatcher(groupsOf(loadPhraseTable(file, values)));
      return guarded.extract(text, ctx);
    },
  };
}
