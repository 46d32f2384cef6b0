/**
 * Scoring for the dialog engine's `score` step outside the bot (terminal chat, transcript tests):
 * slot values → lead patch → score, with the default rules file loaded once.
 */
import type { LeadScore } from '../../core/lead/model.js';
import { patchFromSlots } from '../../core/slots/slots.js';
import { loadScoringRules, type ScoringRules } from './rules.js';
import { scoreLead } from './score.js';

let rules: ScoringRules | undefined;

export function scoreValues(values: Record<string, unknown>): LeadScore {
  rules ??= loadScoringRules();
  return scoreLead(patchFromSlots(values), rules);
}
