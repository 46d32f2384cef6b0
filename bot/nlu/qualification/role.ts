/**
 * `role`: where the visitor stands in the buying decision, read with the phrase table
 * data/nlu/role.phrases.yaml (job titles, who decides, negations such as "je ne décide de rien").
 */
import type { Role } from '../../../core/lead/model.js';
import { phraseTableExtractor } from '../phrases/table-extractor.js';
import { expandSpokenJe } from '../text.js';
import { crossCheck } from '../phrases/cross-check.js';

export const ROLES: readonly Role[] = ['decision-maker', 'influencer', 'user', 'student', 'other'];

export const roleExtractor = phraseTableExtractor('role', ROLES, {
  // Chat French "jdécide", "j'tranche" read as "je décide".
  prepare: (text, locale) => (locale === 'fr' ? expandSpokenJe(text) : text),
  // A second reader reviews the table's reading (bot/nlu/README.md, "Cross-check").
  review: crossCheck('role', ROLES),
});
