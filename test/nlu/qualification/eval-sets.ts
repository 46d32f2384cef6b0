/** Reads the labelled eval sets (test/nlu/eval/<slot>.jsonl) shared with the NLU benchmark. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locale } from '../../../core/lead/model.js';

export interface EvalLine {
  locale: Locale;
  text: string;
  expected: string;
}

export function readEvalSet(slot: string): EvalLine[] {
  const file = fileURLToPath(new URL(`../eval/${slot}.jsonl`, import.meta.url));
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EvalLine);
}
