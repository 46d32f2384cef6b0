/**
 * The NLU extractors and lead scoring used by the terminal chat and transcript tests.
 * `bot/scoring/` is written in parallel; until it lands leads are left unscored (reported in `missing`).
 */
import { extractors } from '../../bot/nlu/registry.js';
import type { Extractor } from '../../bot/nlu/types.js';
import type { ScoreOutcome } from './host.js';

export interface DialogServices {
  extractors: Readonly<Record<string, Extractor | undefined>>;
  score: (values: Record<string, unknown>) => ScoreOutcome | Promise<ScoreOutcome>;
  /** Services that could not be loaded, for a warning. */
  missing: string[];
}

const UNSCORED: ScoreOutcome = { score: 0, temperature: 'cold', breakdown: [], qualified: false };

export async function loadDefaultServices(): Promise<DialogServices> {
  const missing: string[] = [];
  const scoring = await optionalImport<{ scoreValues?: DialogServices['score'] }>('../../bot/scoring/dialog-score.js');
  if (!scoring?.scoreValues) missing.push('bot/scoring (scoreValues)');
  return { extractors, score: scoring?.scoreValues ?? (() => UNSCORED), missing };
}

async function optionalImport<T>(relative: string): Promise<T | undefined> {
  const url = new URL(relative, import.meta.url).href;
  try {
    return (await import(url)) as T;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(url.replace('file://', '').replace(/\.js$/, ''))) return undefined;
    throw error;
  }
}
