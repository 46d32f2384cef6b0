/**
 * The NLU extractors and lead scoring the dialog engine runs with outside the bot (terminal chat,
 * transcript tests): the engine only knows the `DialogServices` shape, this module fills it.
 */
import type { DialogServices } from '../dialogs/engine/memory-host.js';
import { extractors } from './nlu/registry.js';
import { scoreValues } from './scoring/dialog-score.js';

export function loadDefaultServices(): DialogServices {
  return { extractors, score: scoreValues };
}
