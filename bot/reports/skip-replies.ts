/** A visitor's reply that is one of the scripts' skip phrases: the drop-off report counts that question as skipped. */
import { phraseMatcher } from '../../dialogs/engine/answers.js';
import type { ScriptSet } from '../../dialogs/engine/model.js';

export function skipReplyMatcher(scripts: ScriptSet): (text: string) => boolean {
  return phraseMatcher([...new Set([...scripts.commands.values()].flatMap((c) => c.skip))]);
}
