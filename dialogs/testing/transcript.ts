/**
 * Transcript tests for designers (`*.transcript.yaml`): the visitor says…, the bot says…
 * (substring or /regex/), the bot now asks for slot X. Runs a script on an in-memory host.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import type { LeadScore, Locale, SaveStage } from '../../core/lead/model.js';
import { listScriptFiles, loadScriptFiles, scriptId } from '../engine/loader.js';
import { createMemoryHost, type DialogServices } from '../engine/memory-host.js';
import type { BotOutput, TurnResult } from '../engine/model.js';
import { ScriptRunner } from '../engine/runner.js';

export interface TranscriptTurn {
  /** What the visitor types; absent on the first turn (the bot speaks first). */
  user?: string;
  /** Each expectation must match one of the bot's messages this turn, in order. */
  bot?: string | string[];
  /** Slot the bot asks for at the end of the turn; `null` when it asks nothing. */
  prompt?: string | null;
  /**
   * Play this turn only if the bot is asking for this slot, e.g. the motivation pick that
   * appears only when the classifier is unsure.
   */
  when?: string;
}

export interface Transcript {
  title?: string;
  /** Script file, relative to the transcript; the other scripts of its folder are loaded too (for `call`). */
  script: string;
  locale: Locale;
  /** Values already known (returning visitor). */
  known?: Record<string, unknown>;
  /** Fixed scoring outcome, so a transcript tests the script, not the scoring rules. */
  score?: LeadScore;
  turns: TranscriptTurn[];
  expect?: { done?: boolean; saved?: (SaveStage | 'none')[]; values?: Record<string, unknown> };
}

export interface TranscriptReport {
  file: string;
  failures: string[];
  log: string[];
}

export async function runTranscriptFile(file: string, services: DialogServices): Promise<TranscriptReport> {
  const transcript = parse(await readFile(file, 'utf8')) as Transcript;
  const scriptFile = resolve(dirname(file), transcript.script);
  const scripts = await loadScriptFiles(await listScriptFiles(dirname(scriptFile)));
  const host = createMemoryHost({
    extractors: services.extractors,
    score: transcript.score ? () => transcript.score as LeadScore : services.score,
    known: transcript.known ?? {},
    now: () => new Date('2026-03-02T10:00:00Z'),
  });
  const runner = new ScriptRunner(scripts, scriptId(scriptFile));
  const failures: string[] = [];
  const log: string[] = [];
  let result: TurnResult | undefined;

  for (const [index, turn] of transcript.turns.entries()) {
    const asking = result?.outputs[result.outputs.length - 1]?.prompt?.slot;
    if (turn.when !== undefined && asking !== turn.when) continue;
    const where = `turn ${index + 1}${turn.user !== undefined ? ` (user: ${JSON.stringify(turn.user)})` : ''}`;
    if (turn.user !== undefined) log.push(`> ${turn.user}`);
    result = !result ? await runner.start({ locale: transcript.locale, host }) : await runner.resume(result.state, turn.user ?? '', host);
    log.push(...result.outputs.map(describe));
    failures.push(...checkTurn(turn, result.outputs).map((failure) => `${where}: ${failure}`));
  }

  const expect = transcript.expect ?? {};
  if (expect.done !== undefined && result?.done !== expect.done) failures.push(`expected the conversation ${expect.done ? 'to be over' : 'to go on'}`);
  if (expect.saved) {
    const saved = host.saves.map((save) => save.stage ?? 'none');
    if (JSON.stringify(saved) !== JSON.stringify(expect.saved)) failures.push(`expected saves ${JSON.stringify(expect.saved)}, got ${JSON.stringify(saved)}`);
  }
  for (const [slot, value] of Object.entries(expect.values ?? {})) {
    const actual = result?.state.values[slot];
    if (JSON.stringify(actual) !== JSON.stringify(value)) failures.push(`expected ${slot} = ${JSON.stringify(value)}, got ${JSON.stringify(actual)}`);
  }
  return { file, failures, log };
}

function checkTurn(turn: TranscriptTurn, outputs: BotOutput[]): string[] {
  const failures: string[] = [];
  let from = 0;
  for (const expected of [turn.bot ?? []].flat()) {
    const found = outputs.findIndex((output, i) => i >= from && matches(expected, output.text));
    if (found < 0) failures.push(`no bot message matching ${JSON.stringify(expected)} in ${JSON.stringify(outputs.slice(from).map((o) => o.text))}`);
    else from = found + 1;
  }
  if (turn.prompt !== undefined) {
    const asked = outputs[outputs.length - 1]?.prompt?.slot ?? null;
    if (asked !== turn.prompt) failures.push(`expected the bot to ask for ${JSON.stringify(turn.prompt)}, it asked for ${JSON.stringify(asked)}`);
  }
  return failures;
}

/** `/pattern/flags` is a regular expression; anything else a case-sensitive substring. */
function matches(expected: string, text: string): boolean {
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(expected);
  return regex ? new RegExp(regex[1] ?? '', regex[2]).test(text) : text.includes(expected);
}

export function describe(output: BotOutput): string {
  if (!output.prompt) return `< ${output.text}`;
  const choices = output.prompt.choices?.map((choice, i) => `${i + 1}. ${choice.label}`).join('  ');
  return `< ${output.text}\n  [${output.prompt.slot}: ${output.prompt.kind}]${choices ? `  ${choices}` : ''}`;
}
