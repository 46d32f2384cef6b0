/**
 * Scoring for the dialog engine's `score` step outside the bot (terminal chat, transcript tests):
 * slot values → lead patch → score, with the default rules file loaded once.
 */
import type { Lead } from '../../core/lead/model.js';
import { patchFromSlots } from '../../core/slots/slot-mapping.js';
import { loadScoringRules, type ScoringRules } from './rules.js';
import { scoreLead, type LeadScoreResult } from './score.js';

let rules: ScoringRules | undefined;

export function scoreValues(values: Record<string, unknown>): LeadScoreResult {
  rules ??= loadScoringRules();
  return scoreLead(patchFromSlots(values) as Partial<Lead>, rules);
}
