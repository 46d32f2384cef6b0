/**
 * Ordered keyword rules on folded text: the first rule whose pattern matches gives the value.
 * Used by the small closed-vocabulary slots (role, sector) where rules beat a classifier.
 */
import type { ExtractResult } from '../../../core/slots/extractor.js';
import { fold } from './text.js';

export interface KeywordRule<T> {
  value: T;
  /** Tested against the folded text (lower-case, no accents), so write patterns without accents. */
  pattern: RegExp;
}

/** Confidence of a keyword match: explicit words, but the visitor may have said more than one thing. */
export const RULE_CONFIDENCE = 0.9;

export function matchRules<T>(text: string, rules: readonly KeywordRule<T>[]): ExtractResult<T> {
  const folded = fold(text);
  if (folded.length === 0) return { ok: false, reason: 'empty' };
  const hit = rules.find((rule) => rule.pattern.test(folded));
  return hit ? { ok: true, value: hit.value, confidence: RULE_CONFIDENCE } : { ok: false, reason: 'unrecognised' };
}
