/**
 * The blind eval sets (test/nlu/eval-blind/<slot>.{tune,holdout}.jsonl): answers written before the
 * extractors' rules and corpora were read. Rules and corpora were then improved looking at the
 * tune half only; the hold-out half was measured once, at the end.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evalLabel, qualificationExtractors } from '../../../bot/nlu/qualification/index.js';
import type { EvalLine } from './eval-sets.js';

export const BLIND_SLOTS = ['motivation', 'project', 'role', 'companySize', 'sector'] as const;
export type BlindSplit = 'tune' | 'holdout';

export function readBlindSet(slot: string, split: BlindSplit): EvalLine[] {
  const file = fileURLToPath(new URL(`../eval-blind/${slot}.${split}.jsonl`, import.meta.url));
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EvalLine);
}

export interface BlindOutcome {
  line: EvalLine;
  got: string;
  right: boolean;
}

/** Extracts every line; a refused answer counts as right only for a project expected to be "none". */
export function scoreBlindSet(slot: string, lines: readonly EvalLine[], now = new Date('2026-11-23T10:00:00Z')): BlindOutcome[] {
  const extractor = qualificationExtractors[slot];
  if (!extractor) throw new Error(`no extractor for ${slot}`);
  return lines.map((line) => {
    const result = extractor.extract(line.text, { locale: line.locale, now });
    const got = result.ok ? evalLabel(slot, result.value) : slot === 'project' && result.reason === 'no_project' ? 'none' : `(${result.reason})`;
    return { line, got, right: got === line.expected };
  });
}

export function accuracy(outcomes: readonly BlindOutcome[]): number {
  return outcomes.filter((o) => o.right).length / outcomes.length;
}
