/**
 * Designer tools behind `leadq dialogs check [files]` and `leadq dialogs chat <script>`.
 */
import { fromRoot } from '../../core/paths.js';
import { createInterface } from 'node:readline';
import { dirname, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Locale } from '../../core/lead/model.js';
import { loadDefaultServices } from '../dialog-services.js';
import { listScriptFiles, loadScriptFiles, scriptId } from '../../dialogs/engine/loader.js';
import { createMemoryHost } from '../../dialogs/engine/memory-host.js';
import { ScriptRunner } from '../../dialogs/engine/runner.js';
import { formatScriptError, ScriptLoadError } from '../../dialogs/engine/script-error.js';
import { describe } from '../../dialogs/testing/transcript.js';

export const DEFAULT_SCRIPTS_DIR = fromRoot('dialogs/scripts');

/**
 * Check scripts (default: every script in dialogs/scripts). Each file is loaded with the other
 * scripts of its folder so `call: file#flow` resolves. Prints each error as file:line:col, or
 * "ok" per file. Returns the process exit code.
 */
export async function checkScripts(files: string[], out: Writable = process.stdout): Promise<number> {
  const targets = files.length ? files.map((file) => resolve(file)) : await listScriptFiles(DEFAULT_SCRIPTS_DIR);
  const folders = [...new Set(targets.map((file) => dirname(file)))];
  const reported = new Set<string>();
  const failedFiles = new Set<string>();
  for (const folder of folders) {
    const set = new Set([...(await listScriptFiles(folder)), ...targets.filter((file) => dirname(file) === folder)]);
    try {
      await loadScriptFiles([...set]);
    } catch (error) {
      if (!(error instanceof ScriptLoadError)) {
        out.write(`${folder}: ${(error as Error).message}\n`);
        targets.filter((file) => dirname(file) === folder).forEach((file) => failedFiles.add(file));
        continue;
      }
      for (const problem of error.errors) {
        failedFiles.add(problem.file);
        const line = formatScriptError(problem);
        if (!reported.has(line)) out.write(`${line}\n`);
        reported.add(line);
      }
    }
  }
  for (const file of targets) if (!failedFiles.has(file)) out.write(`${file}: ok\n`);
  return failedFiles.size ? 1 : 0;
}

/** Talk to a script in the terminal, on an in-memory lead (no server, no database). */
export async function chatScript(file: string, locale: Locale, input: Readable = process.stdin, output: Writable = process.stdout): Promise<void> {
  const path = resolve(file);
  const scripts = await loadScriptFiles(await listScriptFiles(dirname(path)));
  const services = loadDefaultServices();
  const host = createMemoryHost({ extractors: services.extractors, score: services.score });
  const runner = new ScriptRunner(scripts, scriptId(path));
  const print = (lines: string[]) => output.write(lines.map((line) => `${line}\n`).join(''));

  let turn = await runner.start({ locale, host });
  print(turn.outputs.map(describe));
  const lines = createInterface({ input, terminal: false });
  for await (const line of lines) {
    if (turn.done) break;
    turn = await runner.resume(turn.state, line, host);
    print(turn.outputs.map(describe));
    if (turn.done) break;
  }
  lines.close();
  print([`— ${turn.done ? 'conversation over' : 'input closed'}. Collected: ${JSON.stringify(turn.state.values)}`, `— saves: ${JSON.stringify(host.saves.map((save) => save.stage ?? 'none'))}`]);
}
