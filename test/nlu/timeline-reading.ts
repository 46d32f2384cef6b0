/** Test helpers: what the timeline extractor reads from an answer typed on a given day. */
import { timelineExtractor } from '../../bot/nlu/timeline/timeline.js';

export const readTimeline = (text: string, at: string, locale: 'fr' | 'en' = 'fr') => {
  const result = timelineExtractor.extract(text, { locale, now: new Date(`${at}T12:00:00Z`) });
  return result.ok ? result.value : result.reason;
};

/** The bucket, or the refusal reason. */
export const bucketOn = (text: string, at: string, locale: 'fr' | 'en' = 'fr'): string => {
  const value = readTimeline(text, at, locale);
  return typeof value === 'string' ? value : value.bucket;
};
