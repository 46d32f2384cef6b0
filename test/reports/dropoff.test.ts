/** Per-question counts read from transcripts: reached, answered, skipped, re-asked, left there. */
import { describe, expect, it } from 'vitest';
import type { TranscriptEntry } from '../../core/ports/repository.js';
import { dropoffReport } from '../../bot/reports/dropoff.js';
import { flowOutline } from '../../bot/reports/flow-outline.js';
import { loadScriptDir } from '../../dialogs/engine/loader.js';
import { fromRoot } from '../../core/paths.js';

let clock = Date.parse('2026-12-01T10:00:00Z');
function conversation(id: string, lines: [from: 'user' | 'bot', text: string, slot?: string][]): TranscriptEntry[] {
  return lines.map(([from, text, slot]) => ({ conversationId: id, from, text, at: new Date((clock += 1000)), ...(slot ? { slot } : {}), ...(from === 'user' ? { visitorId: `emulator:${id}` } : {}) }));
}

const SKIP = ['passer', 'skip'];

describe('drop-off report', () => {
  it('counts each question per conversation', () => {
    const entries = [
      ...conversation('a', [['bot', 'Bonjour'], ['user', 'salut'], ['bot', 'Consent?', 'consent'], ['user', 'oui'], ['bot', 'Name?', 'name'], ['user', '???'], ['bot', 'Name again?', 'name'], ['user', 'Jo Doe'], ['bot', 'E-mail?', 'email']]),
      ...conversation('b', [['bot', 'Consent?', 'consent'], ['user', 'non'], ['bot', 'Understood, nothing stored.']]),
      ...conversation('c', [['bot', 'Budget?', 'budget'], ['user', 'passer'], ['bot', 'Role?', 'role'], ['user', 'je décide'], ['bot', 'Thanks, bye']]),
      // The bot greeted, nobody answered: not a conversation.
      ...conversation('d', [['bot', 'Consent?', 'consent']]),
    ];
    const report = dropoffReport(entries.reverse(), SKIP);
    const by = Object.fromEntries(report.steps.map((s) => [s.slot, s]));
    expect(report.conversations).toBe(3);
    expect(by.consent).toMatchObject({ reached: 2, answered: 2, skipped: 0, reasked: 0, left: 0, dropOffRate: 0 });
    expect(by.name).toMatchObject({ reached: 1, answered: 1, reasked: 1, left: 0 });
    expect(by.email).toMatchObject({ reached: 1, answered: 0, left: 1, dropOffRate: 100 });
    expect(by.budget).toMatchObject({ reached: 1, answered: 0, skipped: 1, left: 0 });
    expect(by.role).toMatchObject({ reached: 1, answered: 1, left: 0 });
  });

  it('counts a visitor once per question, through explanations and restarts', () => {
    const entries = conversation('f', [
      ['bot', 'Budget?', 'budget'], ['user', 'why do you ask?'], ['bot', 'To send you the right offer.'], ['bot', 'Budget?', 'budget'], ['user', '10k'],
      ['bot', 'Role?', 'role'], ['user', 'restart'], ['bot', 'Budget?', 'budget'], ['user', '12k'], ['bot', 'Role?', 'role'], ['user', 'CEO'], ['bot', 'Thanks!'],
    ]);
    const by = Object.fromEntries(dropoffReport(entries, SKIP).steps.map((s) => [s.slot, s]));
    expect(by.budget).toMatchObject({ reached: 1, answered: 1, reasked: 1, left: 0 });
    expect(by.role).toMatchObject({ reached: 1, answered: 1, left: 0 });
  });

  it('leaves a visitor who stops after replying at that question', () => {
    const entries = conversation('e', [['bot', 'Phone?', 'phone'], ['user', 'hmm']]);
    expect(dropoffReport(entries, SKIP).steps).toEqual([{ slot: 'phone', reached: 1, answered: 0, skipped: 0, reasked: 0, left: 1, dropOffRate: 100 }]);
  });
});

describe('flow outline', () => {
  it('lists every flow of the default scripts with its questions, branches and sub-flow calls', async () => {
    const scripts = await loadScriptDir(fromRoot('dialogs/scripts'));
    const flows = flowOutline(scripts);
    const main = flows.find((f) => f.name === 'qualification#main')!;
    expect(main.entry).toBe(true);
    expect(main.steps.some((s) => s.slot === 'consent')).toBe(true);
    const calls = main.steps.filter((s) => s.calls).map((s) => s.calls);
    for (const called of calls) expect(flows.map((f) => f.name)).toContain(called);
    const branch = main.steps.find((s) => s.kind === 'branch')!;
    expect(branch.next).toHaveLength(2);
    for (const next of branch.next!) expect(next.to).toBeLessThanOrEqual(main.steps.length);
  });
});
