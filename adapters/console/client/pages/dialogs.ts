/**
 * For designers: each dialog flow drawn as a column of steps (questions, conditions and their
 * branches, calls into sub-flows), each question with how many visitors reached, answered,
 * skipped, were re-asked or left there; the question most visitors leave is marked.
 */
import type { DropoffReport, StepCounts } from '../../../../bot/reports/dropoff.js';
import type { FlowOutline, OutlineStep } from '../../../../bot/reports/flow-outline.js';
import { api } from '../api.js';
import { clear, h, pct } from '../dom.js';

const anchor = (flow: string) => `flow-${flow.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function counts(slot: string, bySlot: Map<string, StepCounts>, weakest: string | undefined): HTMLElement {
  const c = bySlot.get(slot);
  if (!c) return h('span', { class: 'counts muted' }, 'not reached');
  return h('span', { class: `counts${slot === weakest ? ' weakest' : ''}`, 'data-slot': slot },
    h('span', { title: 'reached' }, `▶ ${c.reached}`), h('span', { title: 'answered' }, `✓ ${c.answered}`), h('span', { title: 'skipped' }, `↷ ${c.skipped}`),
    h('span', { title: 're-asked' }, `↺ ${c.reasked}`), h('span', { title: 'left there' }, `✕ ${c.left}`));
}

function stepBox(step: OutlineStep, bySlot: Map<string, StepCounts>, weakest: string | undefined): HTMLElement {
  return h('li', { class: `step step-${step.kind}`, id: undefined },
    h('span', { class: 'step-index' }, String(step.index)),
    h('span', { class: 'step-label' }, step.label),
    step.slot ? counts(step.slot, bySlot, weakest) : '',
    step.slots ? h('span', { class: 'sub' }, step.slots.map((s) => h('span', { class: 'profile-slot' }, `${s} `, counts(s, bySlot, weakest)))) : '',
    step.calls ? h('a', { href: `#${anchor(step.calls)}`, class: 'sub' }, `→ ${step.calls}`) : '',
    step.next ? h('span', { class: 'sub branches' }, step.next.map((n) => `${n.when} → step ${n.to}`).join(' · ')) : '');
}

export async function renderDialogs(root: HTMLElement): Promise<void> {
  const [{ flows }, dropoff] = await Promise.all([api.get<{ flows: FlowOutline[] }>('/api/dialogs/flows'), api.get<DropoffReport>('/api/dialogs/dropoff')]);
  const bySlot = new Map(dropoff.steps.map((s) => [s.slot, s]));
  const weakest = [...dropoff.steps].filter((s) => s.reached > 0).sort((a, b) => (b.dropOffRate ?? 0) - (a.dropOffRate ?? 0))[0];
  clear(root,
    h('h1', {}, 'Dialogs'),
    h('p', {}, `${dropoff.conversations} conversations in the last 30 days. ▶ reached · ✓ answered · ↷ skipped · ↺ re-asked · ✕ left there.`,
      weakest && weakest.left > 0 ? h('strong', { id: 'weakest' }, ` Most visitors leave at “${weakest.slot}” (${pct(weakest.dropOffRate)}).`) : ''),
    h('div', { class: 'flows' }, flows.map((flow) => h('section', { class: 'card flow', id: anchor(flow.name) },
      h('h2', {}, flow.name, flow.entry ? h('small', {}, ' (entry)') : ''),
      h('ol', { class: 'steps' }, flow.steps.map((step) => stepBox(step, bySlot, weakest?.slot)))))),
    h('h2', {}, 'Drop-off per question'),
    h('div', { class: 'table-wrap' }, h('table', { id: 'dropoff-table' },
      h('thead', {}, h('tr', {}, ['Question', 'Reached', 'Answered', 'Skipped', 'Re-asked', 'Left there', 'Drop-off'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, dropoff.steps.map((s) => h('tr', { 'data-slot': s.slot }, h('th', { scope: 'row' }, s.slot),
        ...[s.reached, s.answered, s.skipped, s.reasked, s.left].map((n) => h('td', { class: 'num' }, String(n))), h('td', { class: 'num' }, pct(s.dropOffRate))))))));
}
