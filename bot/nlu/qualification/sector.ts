/**
 * `sector`: the visitor's industry, folded into a short fixed list sales segments on, read with the
 * phrase table data/nlu/sector.phrases.yaml.
 */
import { phraseTableExtractor } from '../phrases/table-extractor.js';

export const SECTORS = ['software', 'retail', 'industry', 'finance', 'health', 'public', 'education', 'services', 'other'] as const;
export type Sector = (typeof SECTORS)[number];

export const sectorExtractor = phraseTableExtractor<Sector>('sector', SECTORS);
