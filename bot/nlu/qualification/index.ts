/**
 * Qualification extractors (NLU part B): motivation, project, role, companySize, sector.
 * Part A's registry imports `qualificationExtractors`. The motivation model and the catalogue are
 * loaded lazily on first use; call `loadMotivationModel()` at start-up to load eagerly (returns ms).
 * Eval sets (test/nlu/eval/<slot>.jsonl) hold a string `expected`; `evalLabel(slot, value)` turns an
 * extracted value into that string (motivation → category, project → id or "none").
 */
import type { Extractor } from '../../../core/slots/extractor.js';
import { COMPANY_SIZE_BANDS, companySizeExtractor } from './company-size.js';
import { motivationExtractor } from './motivation.js';
import { projectExtractor } from './project.js';
import { roleExtractor, ROLES } from './role.js';
import { sectorExtractor, SECTORS } from './sector.js';
import { loadPhraseTable, phraseTablePath } from '../phrases/phrase-table.js';
import { CROSS_CHECKED_SLOTS, loadCrossCheckModel } from '../phrases/cross-check.js';

export const qualificationExtractors: Record<string, Extractor> = {
  motivation: motivationExtractor,
  project: projectExtractor,
  role: roleExtractor,
  companySize: companySizeExtractor,
  sector: sectorExtractor,
};

/** The comparable label of an extracted value, as written in the eval sets' `expected`. */
export function evalLabel(slot: string, value: unknown): string {
  if (slot === 'motivation') return String((value as { category?: unknown }).category);
  if (slot === 'project') return String((value as { id?: unknown }).id ?? 'none');
  return String(value);
}

/**
 * Reads and checks the role, sector and company-size phrase tables now (start-up): an invalid table is a clear error, not a
 * first-answer failure. Role's and sector's cross-check models load with them.
 */
export function loadPhraseTables(): void {
  loadPhraseTable(phraseTablePath('role'), ROLES);
  loadPhraseTable(phraseTablePath('sector'), SECTORS);
  loadPhraseTable(phraseTablePath('companySize'), COMPANY_SIZE_BANDS);
  for (const slot of CROSS_CHECKED_SLOTS) loadCrossCheckModel(slot);
}

export { loadMotivationModel } from './motivation.js';
export { COMPANY_SIZE_BANDS, bandOf, type CompanySizeBand } from './company-size.js';
export { SECTORS, type Sector } from './sector.js';
export { ROLES } from './role.js';
export { catalogueLabel, createProjectExtractor, loadCatalogue, useCatalogue, CatalogueError, type Catalogue } from './project.js';
