/**
 * The dialog-script model: what the loader produces from YAML and the runner executes.
 * Plain data (no botbuilder), so the engine can move to another bot SDK untouched.
 */
import type { Locale, SaveStage } from '../../core/lead/model.js';

export const INPUT_KINDS = ['text', 'email', 'phone', 'choice', 'confirm', 'number', 'date'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

/** Names the `score` step exposes to conditions and messages. */
export const SCORE_VARIABLES = ['score', 'temperature', 'qualified', 'breakdown'] as const;

/** Text per locale, already resolved from a message key or inline text. */
export type LocalizedText = Partial<Record<Locale, string>>;

export interface Choice {
  value: string;
  label: LocalizedText;
}

export interface Question {
  slot: string;
  kind: InputKind;
  message: LocalizedText;
  help?: LocalizedText;
  choices?: Choice[];
  /** Re-ask message per extractor reason; `default` for any other reason. */
  reask: Record<string, LocalizedText>;
  maxAttempts: number;
  onFail: 'skip' | 'end';
  optional: boolean;
  always: boolean;
  maxLength: number;
  /** Below `minConfidence` the visitor picks from `choices`; the pick is written to `field` of the value. */
  fallback?: { minConfidence: number; field?: string; message: LocalizedText; choices: Choice[] };
}

export type Instruction =
  | { op: 'say'; text: LocalizedText; at: string }
  | { op: 'ask'; question: Question; at: string }
  | { op: 'set'; values: Record<string, unknown>; at: string }
  | { op: 'branch'; when: string; ifFalse: number; at: string }
  | { op: 'switch'; on: string; cases: Record<string, number>; otherwise: number; at: string }
  | { op: 'jump'; to: number; at: string }
  | { op: 'call'; flow: string; at: string }
  | { op: 'save'; stage?: SaveStage; at: string }
  | { op: 'score'; at: string }
  | { op: 'send'; name: string; at: string }
  | { op: 'profile'; questions: Question[]; perVisit: number; at: string }
  | { op: 'end'; text?: LocalizedText; at: string };

export interface Commands {
  restart: string[];
  stop: string[];
  help: string[];
  skip: string[];
}

export interface CompiledFlow {
  /** `file#flow` */
  name: string;
  code: Instruction[];
}

/** Everything the runner needs, from one or more script files. */
export interface ScriptSet {
  /** Hash of every file's content: a change means a hot reload happened. */
  version: string;
  flows: Map<string, CompiledFlow>;
  /** Entry flow per file (`file` → `file#start`). */
  entries: Map<string, string>;
  commands: Map<string, Commands>;
  /** Messages the engine itself needs (re-asks, commands), per file, with built-ins as fallback. */
  messages: Map<string, Record<string, LocalizedText>>;
  files: string[];
}

export interface Prompt {
  slot: string;
  kind: InputKind;
  choices?: { value: string; label: string }[];
}

export interface BotOutput {
  text: string;
  prompt?: Prompt;
}

export type Pending =
  /** `unverified`: what the extractor refused but would take if the next answer is the same. */
  | { type: 'ask'; slot: string; unverified?: unknown }
  | { type: 'suggestion'; slot: string; original: unknown; suggested: string }
  | { type: 'fallback'; slot: string; original: unknown };

export interface Frame {
  flow: string;
  pc: number;
}

/** The runner's whole state: JSON-serialisable, persisted between turns. */
export interface RunnerState {
  v: 1;
  version: string;
  entry: string;
  locale: Locale;
  stack: Frame[];
  values: Record<string, unknown>;
  attempts: number;
  pending?: Pending;
  /** Slots asked by the current `profile` step during this visit. */
  profiled?: string[];
  done: boolean;
}

export interface TurnResult {
  outputs: BotOutput[];
  state: RunnerState;
  done: boolean;
}
