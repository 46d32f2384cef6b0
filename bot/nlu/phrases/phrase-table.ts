/**
 * Phrase tables a designer edits (data/nlu/<slot>.phrases.yaml): for each label of a slot, the words
 * and phrases visitors use, per language, with an optional weight. Validated on load, every problem
 * reported as file:line:col.
 */
import type { Locale } from '../../../core/lead/model.js';
import { fromRoot } from '../../../core/paths.js';
import { ConfigFileError, configSchema, loadValidatedYaml } from '../../../core/config/validated-yaml.js';
import type { PhraseGroup } from './matcher.js';

export interface PhraseTable<T extends string = string> {
  labels: T[];
  groups: Array<{ label: T; weight?: number; sure?: boolean | 'alone'; overrules?: T } & Partial<Record<Locale, string[]>>>;
}

export class PhraseTableError extends ConfigFileError {}

export const phraseTablePath = (slot: string): string => fromRoot('data', 'nlu', `${slot}.phrases.yaml`);

const phrases = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 } };
const SCHEMA = {
  type: 'object',
  required: ['labels', 'groups'],
  additionalProperties: false,
  properties: {
    // Labels are slot values: words ("decision-maker") or bands ("1-9", "1000+").
    labels: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[a-z0-9][a-z0-9+-]*$' } },
    groups: {
      type: 'array',
      items: {
        type: 'object',
        required: ['label'],
        additionalProperties: false,
        properties: { label: { type: 'string' }, weight: { type: 'number', exclusiveMinimum: 0, maximum: 10 }, sure: { enum: [true, false, 'alone'] }, overrules: { type: 'string' }, fr: phrases, en: phrases },
      },
    },
  },
};
const PHRASE_TABLE = configSchema<PhraseTable>('phrase-table', SCHEMA);

/** Reads and checks a table; every group's label must be one of `labels`, which must be the slot's values. */
export function loadPhraseTable<T extends string>(file: string, values: readonly T[]): PhraseTable<T> {
  const table = loadValidatedYaml(file, PHRASE_TABLE, PhraseTableError) as PhraseTable<T>;
  const issues = [
    ...table.labels.filter((l) => !values.includes(l)).map((l) => `unknown label "${l}" (${values.join(', ')})`),
    ...table.groups.filter((g) => !table.labels.includes(g.label)).map((g) => `group label "${g.label}" is not under labels:`),
    ...table.groups.filter((g) => g.overrules !== undefined && !table.labels.includes(g.overrules)).map((g) => `overrules "${g.overrules}" is not under labels:`),
  ];
  if (issues.length > 0) throw new PhraseTableError(file, issues.map((message) => ({ line: 0, col: 0, message })));
  return table;
}

export function groupsOf<T extends string>(table: PhraseTable<T>): PhraseGroup<T>[] {
  return table.groups.map((g) => ({ label: g.label, ...(g.weight !== undefined && { weight: g.weight }), ...(g.sure !== undefined && { sure: g.sure }), ...(g.overrules !== undefined && { overrules: g.overrules }), phrases: { fr: g.fr ?? [], en: g.en ?? [] } }));
}
