/**
 * `role`: where the visitor stands in the buying decision, read with the phrase table
 * data/nlu/role.phrases.yaml (job titles, who decides, negations such as "je ne décide de rien").
 */
import type { Role } from '../../../core/lead/model.js';
import { phraseTableExtractor } from '../phrases/table-extractor.js';

export const ROLES: readonly Role[] = ['decision-maker', 'influencer', 'user', 'student', 'other'];

/**
 * Chat French drops the vowel of "je" before a consonant: "jdécide", "jsigne les devis", "jfais la présélection" (and
 * "j'tranche") read as "je décide"; no French word starts with j and another consonant (as for motivation).
 */
const SPOKEN_JE = /(^|[^\p{L}])j'?([bcdfghjklmnpqrstvwxzç]\p{L}{3,})/giu;

export const roleExtractor = phraseTableExtractor('role', ROLES, {
  prepare: (text, locale) => (locale === 'fr' ? text.replace(SPOKEN_JE, '$1je $2') : text),
});
