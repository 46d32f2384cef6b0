/**
 * `sector`: the visitor's industry, folded into a short fixed list sales segments on, read with the
 * phrase table data/nlu/sector.phrases.yaml.
 */
import { phraseTableExtractor } from '../phrases/table-extractor.js';

export const SECTORS = ['software', 'retail', 'industry', 'finance', 'health', 'public', 'education', 'services', 'other'] as const;
export type Sector = (typeof SECTORS)[number];

/**
 * "IT" in capitals is information technology; folded to "it" it would be the English pronoun, which the table reads
 * weakly: the answer gets "informatique" as an extra clause (its phrases such as "IT consulting" still match).
 */
const itInCapitals = (text: string): string => (/(?:^|[^\p{L}])IT(?![\p{L}])/u.test(text) ? `${text}\ninformatique` : text);

export const sectorExtractor = phraseTableExtractor<Sector>('sector', SECTORS, { prepare: itInCapitals });
