/**
 * The dialog scripts as a designer draws them: each flow a list of steps (questions, messages,
 * conditions with their branches, calls into sub-flows, saves, the score, the end), read from the
 * compiled script (so it is exactly what runs).
 */
import type { CompiledFlow, Instruction, ScriptSet } from '../../dialogs/engine/model.js';

export interface OutlineStep {
  /** Position in the compiled flow (jump targets refer to it). */
  index: number;
  kind: Instruction['op'];
  /** What a designer reads: the slot asked, the condition tested, the flow called… */
  label: string;
  slot?: string;
  /** For a profile step: the questions it may ask. */
  slots?: string[];
  /** For a call: the flow it enters. */
  calls?: string;
  /** Branches: where the flow goes (step indexes) and when. */
  next?: { when: string; to: number }[];
  /** `file:line:col` in the YAML. */
  at: string;
}

export interface FlowOutline {
  name: string;
  entry: boolean;
  steps: OutlineStep[];
}

function resolveCall(flow: CompiledFlow, name: string): string {
  return name.includes('#') ? name : `${flow.name.split('#')[0]}#${name}`;
}

function outlineStep(flow: CompiledFlow, instruction: Instruction, index: number): OutlineStep {
  const base = { index, kind: instruction.op, at: instruction.at };
  switch (instruction.op) {
    case 'ask': return { ...base, label: `ask ${instruction.question.slot}`, slot: instruction.question.slot };
    case 'profile': return { ...base, label: `ask ${instruction.perVisit} of ${instruction.questions.map((q) => q.slot).join(', ')}`, slots: instruction.questions.map((q) => q.slot) };
    case 'say': return { ...base, label: `say “${(instruction.text.en ?? instruction.text.fr ?? '').slice(0, 80)}”` };
    case 'set': return { ...base, label: `set ${Object.keys(instruction.values).join(', ')}` };
    case 'branch': return { ...base, label: `if ${instruction.when}`, next: [{ when: 'true', to: index + 1 }, { when: 'false', to: instruction.ifFalse }] };
    case 'switch': return { ...base, label: `switch ${instruction.on}`, next: [...Object.entries(instruction.cases).map(([when, to]) => ({ when, to })), { when: 'otherwise', to: instruction.otherwise }] };
    case 'jump': return { ...base, label: 'go to', next: [{ when: 'always', to: instruction.to }] };
    case 'call': return { ...base, label: `call ${instruction.flow}`, calls: resolveCall(flow, instruction.flow) };
    case 'save': return { ...base, label: `save${instruction.stage ? ` as ${instruction.stage.toUpperCase()}` : ''}` };
    case 'score': return { ...base, label: 'score the lead' };
    case 'send': return { ...base, label: `send ${instruction.name}` };
    case 'end': return { ...base, label: instruction.text ? `end “${(instruction.text.en ?? instruction.text.fr ?? '').slice(0, 80)}”` : 'end' };
  }
}

export function flowOutline(scripts: ScriptSet): FlowOutline[] {
  const entries = new Set(scripts.entries.values());
  return [...scripts.flows.values()].map((flow) => ({ name: flow.name, entry: entries.has(flow.name), steps: flow.code.map((instruction, index) => outlineStep(flow, instruction, index)) }));
}
