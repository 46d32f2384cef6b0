/**
 * Runs a compiled script one turn at a time. Everything it remembers lives in RunnerState
 * (plain JSON), so the bot can persist it between turns and resume after a restart.
 */
import type { Locale } from '../../core/lead/model.js';
import type { ExtractResult } from '../../core/slots/extractor.js';
import { choiceLabels, matchChoice, matchesWord, parseByKind, parseConfirm, startsWithPhrase } from './answers.js';
import { evaluate } from './expressions.js';
import type { DialogHost } from './host.js';
import { BUILTIN_MESSAGES, DEFAULT_COMMANDS, pickLocale, render } from './messages.js';
import type { BotOutput, Commands, Instruction, LocalizedText, Pending, Question, RunnerState, ScriptSet, TurnResult } from './model.js';

/** Calls nested deeper than this are a script loop (a flow calling itself). */
const MAX_CALL_DEPTH = 16;
/** Instructions run per turn before we assume the script loops forever. */
const MAX_STEPS_PER_TURN = 2_000;

export interface StartOptions {
  locale: Locale;
  host: DialogHost;
  /** Script file id (`qualification`) or flow (`qualification#main`); defaults to the runner's entry. */
  entry?: string;
}

interface Turn {
  state: RunnerState;
  host: DialogHost;
  outputs: BotOutput[];
  /** After a hot reload: walk the flow again silently, skipping what is already answered. */
  replay?: { slot?: string };
}

export class ScriptRunner {
  constructor(
    private scripts: ScriptSet,
    private readonly defaultEntry?: string,
  ) {}

  /** Hot reload: later turns use the new scripts; running conversations replay onto them. */
  setScripts(scripts: ScriptSet): void {
    this.scripts = scripts;
  }

  get version(): string {
    return this.scripts.version;
  }

  /** A message of the entry script (its own text, else the built-in one) in this locale, outside any conversation. */
  messageText(key: string, locale: Locale, entry?: string): string {
    const file = this.entryFlow(entry ?? this.defaultEntry).split('#')[0] ?? '';
    const messages = this.scripts.messages.get(file) ?? {};
    return pickLocale(messages[key] ?? BUILTIN_MESSAGES[key] ?? { fr: key, en: key }, locale);
  }

  async start({ locale, host, entry }: StartOptions): Promise<TurnResult> {
    const flow = this.entryFlow(entry ?? this.defaultEntry);
    const state: RunnerState = {
      v: 1, version: this.scripts.version, entry: flow, locale, stack: [{ flow, pc: 0 }], values: { ...(await host.known()) }, attempts: 0, done: false,
    };
    const turn: Turn = { state, host, outputs: [] };
    await this.run(turn);
    return result(turn);
  }

  async resume(saved: RunnerState, userText: unknown, host: DialogHost): Promise<TurnResult> {
    // A copy through JSON: the caller's object is never mutated and the state stays serialisable.
    const state = JSON.parse(JSON.stringify(saved)) as RunnerState;
    const turn: Turn = { state, host, outputs: [] };
    if (state.done) return result(turn);
    const text = typeof userText === 'string' ? userText : '';
    if (host.locale) state.locale = host.locale;

    if (state.version !== this.scripts.version) {
      const slot = state.pending?.slot;
      const flow = this.scripts.flows.has(state.entry) ? state.entry : this.entryFlow(this.defaultEntry);
      Object.assign(state, { version: this.scripts.version, entry: flow, stack: [{ flow, pc: 0 }], attempts: 0 });
      delete state.pending;
      delete state.profiled;
      turn.replay = slot ? { slot } : {};
      await this.run(turn);
      // The visitor answered a question that is still the next one: take the answer; otherwise they see the new question.
      if (!state.pending || turn.outputs.length > 0) return result(turn);
      delete turn.replay;
    }

    const commands = this.commandsFor(state);
    if (matchesWord(text, commands.restart)) {
      this.say(turn, this.message(state, 'command.restart'));
      Object.assign(state, { stack: [{ flow: state.entry, pc: 0 }], values: { ...(await host.known()) }, attempts: 0 });
      delete state.pending;
      delete state.profiled;
      await this.run(turn);
      return result(turn);
    }
    if (matchesWord(text, commands.stop)) {
      this.say(turn, this.message(state, 'command.stop'));
      this.finish(state);
      return result(turn);
    }
    const question = this.pendingQuestion(state);
    if (!question || !state.pending) return result(turn);
    if (matchesWord(text, commands.help)) {
      this.say(turn, question.help ?? this.message(state, 'command.help'));
      this.repeatPrompt(turn, question);
      return result(turn);
    }
    if (question.optional && startsWithPhrase(text, commands.skip)) {
      await this.next(turn, question);
      return result(turn);
    }

    await this.answer(turn, question, state.pending, text);
    return result(turn);
  }

  /** The pending question asked again (after a hand-off to a person); nothing when none is pending. */
  reprompt(saved: RunnerState, host: DialogHost): BotOutput[] {
    const state = JSON.parse(JSON.stringify(saved)) as RunnerState;
    if (host.locale) state.locale = host.locale;
    const question = state.done ? undefined : this.pendingQuestion(state);
    if (!question || !state.pending) return [];
    const turn: Turn = { state, host, outputs: [] };
    this.repeatPrompt(turn, question);
    return turn.outputs;
  }

  private async answer(turn: Turn, question: Question, pending: Pending, text: string): Promise<void> {
    const { state } = turn;
    if (pending.type === 'suggestion') {
      const accepted = parseConfirm(text);
      if (accepted === undefined) {
        state.pending = { type: 'ask', slot: question.slot };
        return this.answer(turn, question, state.pending, text);
      }
      if (!accepted) return this.accept(turn, question, pending.original);
      const again = await this.extract(turn, question, pending.suggested);
      return this.accept(turn, question, again.ok ? again.value : pending.suggested);
    }
    if (pending.type === 'fallback' && question.fallback) {
      const picked = matchChoice(text, question.fallback.choices);
      if (!picked) return this.accept(turn, question, pending.original);
      const field = question.fallback.field;
      if (!field || typeof pending.original !== 'object' || pending.original === null) return this.accept(turn, question, picked.value);
      const { confidence: _dropped, ...rest } = pending.original as Record<string, unknown>;
      return this.accept(turn, question, { ...rest, [field]: picked.value });
    }

    const extracted = await this.extract(turn, question, text);
    if (!extracted.ok) {
      // The same unverifiable value twice in a row is the visitor confirming it.
      const { unverified } = extracted;
      if (unverified !== undefined && pending.type === 'ask' && JSON.stringify(pending.unverified) === JSON.stringify(unverified)) return this.accept(turn, question, unverified);
      state.pending = { type: 'ask', slot: question.slot, ...(unverified !== undefined && { unverified }) };
      return this.reject(turn, question, extracted.reason);
    }
    if (extracted.suggestion) {
      const suggested = extracted.suggestion.params?.value ?? Object.values(extracted.suggestion.params ?? {})[0];
      if (suggested) {
        state.pending = { type: 'suggestion', slot: question.slot, original: extracted.value, suggested };
        const template = this.message(state, extracted.suggestion.key, 'suggestion.confirm');
        const values = { ...state.values, ...extracted.suggestion.params, suggestion: suggested };
        turn.outputs.push({ text: render(pickLocale(template, state.locale), values), prompt: this.confirmPrompt(state, question.slot) });
        return;
      }
    }
    const fallback = question.fallback;
    if (fallback && extracted.confidence < fallback.minConfidence) {
      state.pending = { type: 'fallback', slot: question.slot, original: extracted.value };
      turn.outputs.push({
        text: render(pickLocale(fallback.message, state.locale), state.values),
        prompt: { slot: question.slot, kind: 'choice', choices: choiceLabels(fallback.choices, state.locale) },
      });
      return;
    }
    return this.accept(turn, question, extracted.value);
  }

  /** Engine-level checks first (length, empty, choices, yes/no), then the host's extractor, then a parse by kind. */
  private async extract(turn: Turn, question: Question, text: string): Promise<ExtractResult<unknown>> {
    const { state, host } = turn;
    if (text.length > question.maxLength) return { ok: false, reason: 'too_long' };
    if (text.trim() === '') return { ok: false, reason: 'empty' };
    if (question.kind === 'choice' && question.choices) {
      const picked = matchChoice(text, question.choices);
      if (picked) return { ok: true, value: picked.value, confidence: 1 };
    }
    if (question.kind === 'confirm') {
      const yes = parseConfirm(text);
      if (yes !== undefined) return { ok: true, value: yes, confidence: 1 };
    }
    const ctx = { locale: state.locale, now: host.now(), ...(host.defaultCountry && { defaultCountry: host.defaultCountry }) };
    const extracted = (await host.extract(question.slot, text, ctx)) ?? (question.kind === 'choice' || question.kind === 'confirm' ? null : parseByKind(question.kind, text, ctx));
    if (question.kind === 'choice' && question.choices) {
      const known = extracted?.ok && question.choices.some((choice) => choice.value === extracted.value);
      return known && extracted ? extracted : { ok: false, reason: 'no_match' };
    }
    if (question.kind === 'confirm' && (!extracted?.ok || typeof extracted.value !== 'boolean')) return { ok: false, reason: 'not_confirm' };
    return extracted ?? { ok: false, reason: 'invalid' };
  }

  private async reject(turn: Turn, question: Question, reason: string): Promise<void> {
    const { state } = turn;
    state.attempts += 1;
    if (state.attempts >= question.maxAttempts) {
      if (question.onFail === 'end') {
        this.say(turn, this.message(state, 'ask.failed_end'));
        this.finish(state);
        return;
      }
      this.say(turn, this.message(state, 'ask.failed'));
      return this.next(turn, question);
    }
    // Empty and too-long answers get the engine's clear message, not the question's usual re-ask.
    const generic = reason === 'too_long' || reason === 'empty' ? undefined : question.reask.default;
    const text = question.reask[reason] ?? generic ?? this.message(state, `error.${reason}`, 'error.default');
    turn.outputs.push({ text: render(pickLocale(text, state.locale), { ...state.values, max: question.maxLength }), prompt: this.promptOf(state, question) });
  }

  private async accept(turn: Turn, question: Question, value: unknown): Promise<void> {
    turn.state.values[question.slot] = value;
    return this.next(turn, question);
  }

  /** Leave the current question (answered, skipped or failed) and run until the next prompt. */
  private async next(turn: Turn, question: Question): Promise<void> {
    const { state } = turn;
    state.attempts = 0;
    delete state.pending;
    const frame = state.stack[state.stack.length - 1];
    if (frame && this.instruction(frame.flow, frame.pc)?.op === 'profile') (state.profiled ??= []).push(question.slot);
    else if (frame) frame.pc += 1;
    await this.run(turn);
  }

  private async run(turn: Turn): Promise<void> {
    const { state, host } = turn;
    for (let steps = 0; steps < MAX_STEPS_PER_TURN; steps++) {
      const frame = state.stack[state.stack.length - 1];
      if (!frame) return this.finish(state);
      const instruction = this.instruction(frame.flow, frame.pc);
      if (!instruction) {
        state.stack.pop();
        continue;
      }
      switch (instruction.op) {
        case 'say':
          if (!turn.replay) this.say(turn, instruction.text);
          frame.pc += 1;
          break;
        case 'ask':
          if (this.isAnswered(turn, instruction.question)) frame.pc += 1;
          else return this.prompt(turn, instruction.question);
          break;
        case 'set':
          Object.assign(state.values, instruction.values);
          frame.pc += 1;
          break;
        case 'branch':
          frame.pc = truthy(evaluate(instruction.when, this.scope(turn))) ? frame.pc + 1 : instruction.ifFalse;
          break;
        case 'switch': {
          const value = evaluate(instruction.on, this.scope(turn));
          frame.pc = instruction.cases[String(value)] ?? instruction.otherwise;
          break;
        }
        case 'jump':
          frame.pc = instruction.to;
          break;
        case 'call':
          if (state.stack.length >= MAX_CALL_DEPTH) throw new Error(`${instruction.at}: flows call each other more than ${MAX_CALL_DEPTH} levels deep`);
          frame.pc += 1;
          state.stack.push({ flow: instruction.flow, pc: 0 });
          break;
        case 'save':
          await host.save({ ...state.values }, instruction.stage);
          frame.pc += 1;
          break;
        case 'score':
          Object.assign(state.values, await host.score({ ...state.values }));
          frame.pc += 1;
          break;
        case 'send':
          await host.send?.(instruction.name, { ...state.values, locale: state.locale });
          frame.pc += 1;
          break;
        case 'profile': {
          const asked = state.profiled ?? [];
          const next = asked.length < instruction.perVisit ? instruction.questions.find((q) => !asked.includes(q.slot) && !this.isAnswered(turn, q)) : undefined;
          if (next) return this.prompt(turn, next);
          delete state.profiled;
          frame.pc += 1;
          break;
        }
        case 'end':
          if (instruction.text) this.say(turn, instruction.text);
          return this.finish(state);
      }
    }
    throw new Error(`script ran ${MAX_STEPS_PER_TURN} steps without asking anything: check for loops`);
  }

  private prompt(turn: Turn, question: Question): void {
    const { state } = turn;
    state.pending = { type: 'ask', slot: question.slot };
    // Hot reload: the visitor is answering this very question; let resume() apply their answer.
    if (turn.replay?.slot === question.slot) return;
    turn.outputs.push({ text: render(pickLocale(question.message, state.locale), state.values), prompt: this.promptOf(state, question) });
  }

  private repeatPrompt(turn: Turn, question: Question): void {
    const pending = turn.state.pending;
    if (pending?.type === 'suggestion') turn.outputs.push({ text: render(pickLocale(this.message(turn.state, 'suggestion.confirm'), turn.state.locale), { suggestion: pending.suggested }), prompt: this.confirmPrompt(turn.state, question.slot) });
    else turn.outputs.push({ text: render(pickLocale(question.message, turn.state.locale), turn.state.values), prompt: this.promptOf(turn.state, question) });
  }

  private promptOf(state: RunnerState, question: Question): BotOutput['prompt'] {
    if (question.kind === 'confirm') return this.confirmPrompt(state, question.slot);
    return { slot: question.slot, kind: question.kind, ...(question.choices && { choices: choiceLabels(question.choices, state.locale) }) };
  }

  private confirmPrompt(state: RunnerState, slot: string): BotOutput['prompt'] {
    const label = (key: string) => pickLocale(this.message(state, key), state.locale);
    return { slot, kind: 'confirm', choices: [{ value: 'yes', label: label('choice.yes') }, { value: 'no', label: label('choice.no') }] };
  }

  private isAnswered(turn: Turn, question: Question): boolean {
    const value = turn.state.values[question.slot];
    const known = value !== undefined && value !== null && value !== '';
    return known && (!question.always || turn.replay !== undefined);
  }

  private pendingQuestion(state: RunnerState): Question | undefined {
    const frame = state.stack[state.stack.length - 1];
    const instruction = frame && this.instruction(frame.flow, frame.pc);
    if (instruction?.op === 'ask') return instruction.question;
    if (instruction?.op === 'profile') return instruction.questions.find((q) => q.slot === state.pending?.slot);
    return undefined;
  }

  private instruction(flow: string, pc: number): Instruction | undefined {
    return this.scripts.flows.get(flow)?.code[pc];
  }

  private say(turn: Turn, text: LocalizedText): void {
    turn.outputs.push({ text: render(pickLocale(text, turn.state.locale), turn.state.values) });
  }

  private finish(state: RunnerState): void {
    state.stack = [];
    state.done = true;
    delete state.pending;
  }

  /** Values visible to conditions: collected values, the conversation locale and the host's features. */
  private scope(turn: Turn): Record<string, unknown> {
    return { ...turn.state.values, locale: turn.state.locale, features: { ...turn.host.features } };
  }

  private fileOf(state: RunnerState): string {
    const flow = state.stack[state.stack.length - 1]?.flow ?? state.entry;
    return flow.split('#')[0] ?? '';
  }

  private commandsFor(state: RunnerState): Commands {
    return this.scripts.commands.get(this.fileOf(state)) ?? DEFAULT_COMMANDS;
  }

  private message(state: RunnerState, key: string, fallbackKey = 'error.default'): LocalizedText {
    const messages = this.scripts.messages.get(this.fileOf(state)) ?? {};
    return messages[key] ?? messages[fallbackKey] ?? { fr: key, en: key };
  }

  private entryFlow(entry: string | undefined): string {
    if (entry?.includes('#') && this.scripts.flows.has(entry)) return entry;
    const flow = entry ? this.scripts.entries.get(entry) : this.scripts.entries.values().next().value;
    if (!flow || !this.scripts.flows.has(flow)) throw new Error(`no entry flow "${entry ?? ''}" in the loaded scripts (${[...this.scripts.entries.keys()].join(', ')})`);
    return flow;
  }
}

function truthy(value: unknown): boolean {
  return value !== null && value !== undefined && value !== false && value !== 0 && value !== '';
}

function result(turn: Turn): TurnResult {
  return { outputs: turn.outputs, state: turn.state, done: turn.state.done };
}
