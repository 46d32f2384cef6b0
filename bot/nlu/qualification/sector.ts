/**
 * `sector`: the visitor's industry, folded into a short fixed list sales segments on, read with the
 * phrase table data/nlu/sector.phrases.yaml.
 */
import type { Locale } from '../../../core/lead/model.js';
import { phraseTableExtractor } from '../phrases/table-extractor.js';

export const SECTORS = ['software', 'retail', 'industry', 'finance', 'health', 'public', 'education', 'services', 'other'] as const;
export type Sector = (typeof SECTORS)[number];

/**
 * "IT" in capitals is information technology; folded to "it" it would be the English pronoun, which the table reads
 * weakly: the answer gets the word in the visitor's language as an extra clause (phrases such as "IT consulting" still
 * match; a word of the other language would count less).
 */
const INFORMATION_TECHNOLOGY: Record<Locale, string> = { fr: 'informatique', en: 'information technology' };
const itInCapitals = (text: string, locale: Locale): string =>
  (/(?:^|[^\p{L}])IT(?![\p{L}])/u.test(text) ? `${text}\n${INFORMATION_TECHNOLOGY[locale]}` : text);

export const sectorExtractor = phraseTableExtractor<Sector>('sector', SECTORS, { prepare: itInCapitals });
