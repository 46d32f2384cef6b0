/**
 * The NLU extractors and lead scoring used by the terminal chat and transcript tests.
 */
import { extractors } from '../../bot/nlu/registry.js';
import type { Extractor } from '../../bot/nlu/types.js';
import { scoreValues } from '../../bot/scoring/dialog-score.js';
import type { ScoreOutcome } from './host.js';

export interface DialogServices {
  extractors: Readonly<Record<string, Extractor | undefined>>;
  score: (values: Record<string, unknown>) => ScoreOutcome | Promise<ScoreOutcome>;
}

export function loadDefaultServices(): DialogServices {
  return { extractors, score: scoreValues };
}
