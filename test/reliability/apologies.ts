/**
 * The bot's apology for a turn it could not complete (`error.unavailable`, FR and EN). A visitor
 * who gets it has not had the answer acknowledged and sends it again.
 */
import path from 'node:path';
import { loadScriptDir } from '../../dialogs/engine/loader.js';
import { ScriptRunner } from '../../dialogs/engine/runner.js';

export async function apologies(): Promise<{ fr: string; en: string; isApology: (text: string) => boolean }> {
  const runner = new ScriptRunner(await loadScriptDir(path.resolve('dialogs/scripts')), 'qualification');
  const fr = runner.messageText('error.unavailable', 'fr');
  const en = runner.messageText('error.unavailable', 'en');
  return { fr, en, isApology: (text) => text === fr || text === en };
}
