/**
 * Semantic checks and compilation of one validated script file into flat instruction lists
 * (branches become jumps), so the runner's position is just a flow name and an index.
 */
import { closest } from '../../core/closest.js';
import { LOCALES, type Locale } from '../../core/lead/model.js';
import { LEAD_SLOTS } from '../../core/slots/slots.js';
import { compileCondition } from './expressions.js';
import { BUILTIN_MESSAGES, DEFAULT_COMMANDS } from './messages.js';
import { SCORE_VARIABLES, type Choice, type CompiledFlow, type Commands, type Instruction, type LocalizedText, type Question } from './model.js';
import type { ScriptError } from './script-error.js';
import type { Path, SourceFile } from './script-source.js';

type TextRef = string | LocalizedText;
interface RawChoice { value: string; label: TextRef }
interface RawQuestion {
  slot: string; kind: Question['kind']; message: TextRef; help?: TextRef; choices?: RawChoice[];
  reask?: TextRef | Record<string, TextRef>; maxAttempts?: number; onFail?: 'skip' | 'end'; optional?: boolean;
  always?: boolean; maxLength?: number;
  fallback?: { minConfidence: number; field?: string; message: TextRef; choices: RawChoice[] };
}
type RawStep = Record<string, unknown> & { id?: string };
export interface RawScript {
  locales?: Locale[]; start?: string; variables?: string[]; commands?: Partial<Commands>;
  messages?: Record<string, LocalizedText>; questions?: Record<string, RawQuestion>; flows: Record<string, RawStep[]>;
}

export interface CompiledFile {
  id: string;
  flows: CompiledFlow[];
  start: string;
  commands: Commands;
  messages: Record<string, LocalizedText>;
  /** `call` targets to resolve once every file is loaded. */
  calls: { target: string; path: Path }[];
}

const DEFAULT_MAX_LENGTH = 500;

export function compileScript(id: string, source: SourceFile, raw: RawScript, errors: ScriptError[]): CompiledFile {
  const locales = raw.locales ?? [...LOCALES];
  const messages = raw.messages ?? {};
  const names = new Set<string>([...LEAD_SLOTS, ...(raw.variables ?? []), ...SCORE_VARIABLES]);
  const askable = new Set<string>([...LEAD_SLOTS, ...(raw.variables ?? [])]);
  const stepIds = new Map<string, Path>();
  const calls: CompiledFile['calls'] = [];
  const fail = (path: Path, message: string, hint: string, onKey = false) => errors.push(source.error(path, message, hint, onKey));

  for (const [key, text] of Object.entries(messages)) {
    const missing = locales.filter((locale) => !text[locale]);
    if (missing.length) fail(['messages', key], `message "${key}" has no ${missing.join('/')} text`, `add \`${missing[0]}: "…"\` under ${key}`, true);
  }

  const text = (ref: TextRef, path: Path): LocalizedText => {
    if (typeof ref !== 'string') {
      const missing = locales.filter((locale) => !ref[locale]);
      if (missing.length) fail(path, `text has no ${missing.join('/')} version`, `add \`${missing[0]}: "…"\` or use a key from messages:`);
      return ref;
    }
    const found = messages[ref] ?? BUILTIN_MESSAGES[ref];
    if (!found) {
      const near = closest(ref, [...Object.keys(messages), ...Object.keys(BUILTIN_MESSAGES)]);
      fail(path, `unknown message key "${ref}"`, near ? `did you mean "${near}"? Otherwise add it under messages:` : `add "${ref}" under messages: with fr and en texts`);
      return { fr: ref, en: ref };
    }
    return found;
  };

  const choices = (list: RawChoice[], path: Path): Choice[] => {
    const seen = new Set<string>();
    return list.map((choice, index) => {
      if (seen.has(choice.value)) fail([...path, index, 'value'], `duplicate choice "${choice.value}"`, 'give every choice a distinct value');
      seen.add(choice.value);
      return { value: choice.value, label: text(choice.label, [...path, index, 'label']) };
    });
  };

  const question = (q: RawQuestion, path: Path): Question => {
    if (!askable.has(q.slot)) {
      fail([...path, 'slot'], `unknown slot "${q.slot}"`, `use a lead field (${LEAD_SLOTS.join(', ')}) or declare it under variables:`);
    }
    if (q.choices && q.kind !== 'choice') fail([...path, 'choices'], `choices on a "${q.kind}" question`, 'set `kind: choice` or remove the choices');
    if (q.kind === 'choice' && !q.choices) fail([...path, 'kind'], 'a choice question has no choices', 'add `choices:` with a value and a label for each option');
    const reask: Record<string, LocalizedText> = {};
    if (typeof q.reask === 'string' || isLocalized(q.reask)) reask.default = text(q.reask as TextRef, [...path, 'reask']);
    else for (const [reason, ref] of Object.entries(q.reask ?? {})) reask[reason] = text(ref, [...path, 'reask', reason]);
    return {
      slot: q.slot,
      kind: q.kind,
      message: text(q.message, [...path, 'message']),
      ...(q.help !== undefined && { help: text(q.help, [...path, 'help']) }),
      ...(q.choices && { choices: choices(q.choices, [...path, 'choices']) }),
      reask,
      maxAttempts: q.maxAttempts ?? 3,
      onFail: q.onFail ?? 'skip',
      optional: q.optional ?? false,
      always: q.always ?? false,
      maxLength: q.maxLength ?? DEFAULT_MAX_LENGTH,
      ...(q.fallback && {
        fallback: {
          minConfidence: q.fallback.minConfidence,
          ...(q.fallback.field !== undefined && { field: q.fallback.field }),
          message: text(q.fallback.message, [...path, 'fallback', 'message']),
          choices: choices(q.fallback.choices, [...path, 'fallback', 'choices']),
        },
      }),
    };
  };

  const questions = new Map<string, Question>();
  for (const [name, q] of Object.entries(raw.questions ?? {})) questions.set(name, question(q, ['questions', name]));
  const namedQuestion = (name: string, path: Path): Question | undefined => {
    const found = questions.get(name);
    if (!found) fail(path, `unknown question "${name}"`, `define it under questions: or write the question inline (slot, kind, message)`);
    return found;
  };

  const condition = (source: string, path: Path): string => {
    try {
      compileCondition(source);
    } catch (error) {
      const detail = (error as Error).message.split('\n').pop() ?? '';
      fail(path, `invalid expression "${source}" (${detail})`, 'conditions use and/or/not, ==, !=, <, >, `x in ("a", "b")`; strings in double quotes');
    }
    return source;
  };

  const compileSteps = (steps: RawStep[], path: Path, code: Instruction[]): void => {
    steps.forEach((step, index) => {
      const at = [...path, index];
      const where = (() => { const p = source.position(at); return `${source.file}:${p.line}:${p.col}`; })();
      if (index > 0 && 'end' in (steps[index - 1] ?? {})) {
        fail(at, 'unreachable step after `end`', 'remove it, or move the `end` below it');
      }
      if (step.id !== undefined) {
        if (stepIds.has(step.id)) fail([...at, 'id'], `duplicate step id "${step.id}"`, 'step ids must be unique in a file: rename one');
        stepIds.set(step.id, at);
      }
      if ('say' in step) code.push({ op: 'say', text: text(step.say as TextRef, [...at, 'say']), at: where });
      else if ('ask' in step) {
        const q = typeof step.ask === 'string' ? namedQuestion(step.ask, [...at, 'ask']) : question(step.ask as RawQuestion, [...at, 'ask']);
        if (q) code.push({ op: 'ask', question: q, at: where });
      } else if ('set' in step) {
        const values = step.set as Record<string, unknown>;
        for (const name of Object.keys(values)) {
          if (!names.has(name)) fail([...at, 'set', name], `unknown variable "${name}"`, 'declare it under variables: (or use a lead field)', true);
        }
        code.push({ op: 'set', values, at: where });
      } else if ('if' in step) {
        const branch: Instruction = { op: 'branch', when: condition(step.if as string, [...at, 'if']), ifFalse: -1, at: where };
        code.push(branch);
        compileSteps(step.then as RawStep[], [...at, 'then'], code);
        if (step.else) {
          const jump: Instruction = { op: 'jump', to: -1, at: where };
          code.push(jump);
          branch.ifFalse = code.length;
          compileSteps(step.else as RawStep[], [...at, 'else'], code);
          jump.to = code.length;
        } else branch.ifFalse = code.length;
      } else if ('switch' in step) {
        const instruction: Instruction = { op: 'switch', on: condition(step.switch as string, [...at, 'switch']), cases: {}, otherwise: -1, at: where };
        code.push(instruction);
        const exits: Extract<Instruction, { op: 'jump' }>[] = [];
        const block = (steps: RawStep[], blockPath: Path) => {
          compileSteps(steps, blockPath, code);
          const exit: Instruction = { op: 'jump', to: -1, at: where };
          exits.push(exit);
          code.push(exit);
        };
        for (const [value, steps] of Object.entries(step.cases as Record<string, RawStep[]>)) {
          instruction.cases[value] = code.length;
          block(steps, [...at, 'cases', value]);
        }
        instruction.otherwise = code.length;
        if (step.default) block(step.default as RawStep[], [...at, 'default']);
        for (const exit of exits) exit.to = code.length;
      } else if ('call' in step) {
        const target = (step.call as string).includes('#') ? (step.call as string) : `${id}#${step.call as string}`;
        calls.push({ target, path: [...at, 'call'] });
        code.push({ op: 'call', flow: target, at: where });
      } else if ('save' in step) {
        const stage = typeof step.save === 'object' ? (step.save as { stage?: 'visitor' | 'mcl' | 'mql' }).stage : undefined;
        code.push({ op: 'save', ...(stage && { stage }), at: where });
      } else if ('score' in step) code.push({ op: 'score', at: where });
      else if ('send' in step) code.push({ op: 'send', name: step.send as string, at: where });
      else if ('profile' in step) {
        const profile = step.profile as { slots: string[]; perVisit: number };
        const list = profile.slots.map((slot, i) => namedQuestion(slot, [...at, 'profile', 'slots', i])).filter((q): q is Question => q !== undefined);
        code.push({ op: 'profile', questions: list, perVisit: profile.perVisit, at: where });
      } else if ('end' in step) {
        code.push({ op: 'end', ...(step.end !== true && { text: text(step.end as TextRef, [...at, 'end']) }), at: where });
      }
    });
  };

  const flows = Object.entries(raw.flows).map(([name, steps]) => {
    const code: Instruction[] = [];
    compileSteps(steps, ['flows', name], code);
    return { name: `${id}#${name}`, code };
  });
  const start = raw.start ?? 'main';
  if (!(start in raw.flows) && raw.start !== undefined) fail(['start'], `start flow "${start}" does not exist`, `use one of: ${Object.keys(raw.flows).join(', ')}`);

  return {
    id,
    flows,
    start: `${id}#${start}`,
    commands: { ...DEFAULT_COMMANDS, ...raw.commands },
    messages: { ...BUILTIN_MESSAGES, ...messages },
    calls,
  };
}

function isLocalized(value: unknown): value is LocalizedText {
  return typeof value === 'object' && value !== null && Object.keys(value).every((key) => (LOCALES as readonly string[]).includes(key)) && Object.keys(value).length > 0;
}
