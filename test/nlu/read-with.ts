/** Test helper: what an extractor reads from an answer typed on a given day — the value, or the refusal reason. */
import type { Extractor } from '../../core/slots/extractor.js';

export const readWith = (at: string) => (extractor: Extractor, text: string, locale: 'fr' | 'en' = 'fr') => {
  const result = extractor.extract(text, { locale, now: new Date(`${at}T12:00:00Z`) });
  return result.ok ? result.value : result.reason;
};
