/**
 * Scoring rules: the shape of config/scoring.yaml, its JSON Schema, and the loader that turns
 * any mistake in the file into a ScoringRulesError with `file:line:col` messages.
 */
import { TIMELINE_BUCKETS } from '../../core/lead/model.js';
import { COMPANY_SIZE_BANDS } from '../nlu/qualification/company-size.js';
import { fromRoot } from '../../core/paths.js';
import { ROLES } from '../nlu/qualification/role.js';
import { ConfigFileError, configSchema, loadValidatedYaml, parseValidatedYaml } from '../../core/config/validated-yaml.js';

export interface Tier {
  min: number;
  points: number;
}
export interface BudgetRange {
  min: number;
  max?: number;
  points: number;
  label?: string;
}
export interface EventRule {
  points: number;
  maxCount?: number;
  label?: string;
}
export interface PageRule {
  urlContains: string;
  points: number;
  label: string;
}

export interface ScoringRules {
  /** Language of the breakdown reasons sales reads (the labels below are written in it). Default en. */
  language?: 'fr' | 'en';
  thresholds: {
    temperature: { warm: number; hot: number };
    mql: number;
    /** `catalogue`: MQL needs a project matched to the catalogue; `any`: any stated project. */
    mqlProject: 'catalogue' | 'any';
  };
  answers: {
    timeline?: Record<string, number>;
    motivation?: Record<string, number>;
    budget?: { currency: string; rates?: Record<string, number>; ranges: BudgetRange[] };
    role?: Record<string, number>;
    companySize?: Record<string, number>;
    sector?: Record<string, number>;
    project?: { identified: number; freeText: number };
    emailKind?: { company?: number; free?: number; disposable?: number };
    phone?: number;
  };
  behaviour?: {
    pageViews?: Tier[];
    timeOnSiteSec?: Tier[];
    visits?: Tier[];
    events?: Record<string, EventRule>;
    pages?: PageRule[];
  };
}

export class ScoringRulesError extends ConfigFileError {}

export const DEFAULT_SCORING_RULES_PATH = fromRoot('config', 'scoring.yaml');

const points = { type: 'number', minimum: -100, maximum: 100 };
const pointsFor = (keys: readonly string[]) => ({
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(keys.map((k) => [k, points])),
});
/** Open-ended lists (motivation categories, sectors) are editable, so only the key shape is checked. */
const pointsForAnyKey = { type: 'object', propertyNames: { pattern: '^[a-z0-9][a-z0-9+-]*$' }, additionalProperties: points };
const tiers = {
  type: 'array',
  items: { type: 'object', required: ['min', 'points'], additionalProperties: false, properties: { min: { type: 'number', minimum: 0 }, points } },
};
const label = { type: 'string', minLength: 1, maxLength: 120 };

export const SCORING_RULES_SCHEMA = {
  type: 'object',
  required: ['thresholds', 'answers'],
  additionalProperties: false,
  properties: {
    language: { type: 'string', enum: ['fr', 'en'] },
    thresholds: {
      type: 'object',
      required: ['temperature', 'mql', 'mqlProject'],
      additionalProperties: false,
      properties: {
        temperature: {
          type: 'object',
          required: ['warm', 'hot'],
          additionalProperties: false,
          properties: { warm: { type: 'number', minimum: 0, maximum: 100 }, hot: { type: 'number', minimum: 0, maximum: 100 } },
        },
        mql: { type: 'number', minimum: 0, maximum: 100 },
        mqlProject: { enum: ['catalogue', 'any'] },
      },
    },
    answers: {
      type: 'object',
      additionalProperties: false,
      properties: {
        timeline: pointsFor(TIMELINE_BUCKETS),
        motivation: pointsForAnyKey,
        budget: {
          type: 'object',
          required: ['currency', 'ranges'],
          additionalProperties: false,
          properties: {
            currency: { type: 'string', pattern: '^[A-Z]{3}$' },
            rates: { type: 'object', propertyNames: { pattern: '^[A-Z]{3}$' }, additionalProperties: { type: 'number', exclusiveMinimum: 0 } },
            ranges: {
              type: 'array',
              minItems: 1,
              items: {
                type: 'object',
                required: ['min', 'points'],
                additionalProperties: false,
                properties: { min: { type: 'number', minimum: 0 }, max: { type: 'number', minimum: 0 }, points, label },
              },
            },
          },
        },
        role: pointsFor(ROLES),
        companySize: pointsFor(COMPANY_SIZE_BANDS),
        sector: pointsForAnyKey,
        project: { ...pointsFor(['identified', 'freeText']), required: ['identified', 'freeText'] },
        emailKind: pointsFor(['company', 'free', 'disposable']),
        phone: points,
      },
    },
    behaviour: {
      type: 'object',
      additionalProperties: false,
      properties: {
        pageViews: tiers,
        timeOnSiteSec: tiers,
        visits: tiers,
        events: {
          type: 'object',
          propertyNames: { pattern: '^[a-z][a-z0-9_]*$' },
          additionalProperties: {
            type: 'object',
            required: ['points'],
            additionalProperties: false,
            properties: { points, maxCount: { type: 'integer', minimum: 1, maximum: 100 }, label },
          },
        },
        pages: {
          type: 'array',
          items: {
            type: 'object',
            required: ['urlContains', 'points', 'label'],
            additionalProperties: false,
            properties: { urlContains: { type: 'string', minLength: 1, maxLength: 200 }, points, label },
          },
        },
      },
    },
  },
};
const SCORING_RULES = configSchema<ScoringRules>('scoring-rules', SCORING_RULES_SCHEMA);

/** Checks the schema cannot express; reported against the thresholds block. */
function checkConsistency(rules: ScoringRules, file: string): void {
  const { warm, hot } = rules.thresholds.temperature;
  if (warm > hot) throw new ScoringRulesError(file, [{ line: 0, col: 0, message: `thresholds.temperature: warm (${warm}) must not exceed hot (${hot})`, hint: 'lower warm or raise hot' }]);
  for (const range of rules.answers.budget?.ranges ?? []) {
    if (range.max !== undefined && range.max <= range.min) {
      throw new ScoringRulesError(file, [{ line: 0, col: 0, message: `answers.budget.ranges: max (${range.max}) must be greater than min (${range.min})`, hint: 'swap min and max, or remove max for an open range' }]);
    }
  }
}

export function loadScoringRules(path: string = DEFAULT_SCORING_RULES_PATH): ScoringRules {
  const rules = loadValidatedYaml(path, SCORING_RULES, ScoringRulesError);
  checkConsistency(rules, path);
  return rules;
}

/** Same as loadScoringRules, from YAML text (tests, admin previews). */
export function parseScoringRules(source: string, file = '<scoring rules>'): ScoringRules {
  const rules = parseValidatedYaml(source, file, SCORING_RULES, ScoringRulesError);
  checkConsistency(rules, file);
  return rules;
}
