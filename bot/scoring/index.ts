/** Lead scoring: rules from config/scoring.yaml (validated at start-up) and the pure scorer. */
export { loadScoringRules, parseScoringRules, ScoringRulesError, DEFAULT_SCORING_RULES_PATH, type ScoringRules } from './rules.js';
export { scoreLead, temperatureOf } from './score.js';
