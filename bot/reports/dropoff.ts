/**
 * Where visitors give up, per question (slot), from the stored transcripts: every bot line that
 * asks carries its prompt slot, so a conversation reads as a sequence of prompts and replies.
 *
 * Per conversation and slot:
 * - reached: the bot asked it;
 * - answered: the bot moved on to another question or closed after a reply;
 * - skipped: the same, but the reply was one of the script's skip phrases;
 * - reasked: the bot asked it again right after a reply (each repeat counts);
 * - left: the conversation's last prompt, never moved on from (the visitor left there).
 */
import type { TranscriptEntry } from '../../core/ports/repository.js';
import { startsWithPhrase } from '../../dialogs/engine/answers.js';

export interface StepCounts {
  slot: string;
  reached: number;
  answered: number;
  skipped: number;
  reasked: number;
  left: number;
  /** left / reached, in percent with one decimal; null when never reached. */
  dropOffRate: number | null;
}

export interface DropoffReport {
  conversations: number;
  steps: StepCounts[];
}

function byConversation(entries: readonly TranscriptEntry[]): TranscriptEntry[][] {
  const groups = new Map<string, TranscriptEntry[]>();
  for (const entry of entries) groups.set(entry.conversationId, [...(groups.get(entry.conversationId) ?? []), entry]);
  return [...groups.values()].map((lines) => [...lines].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.seq ?? 0) - (b.seq ?? 0)));
}

type Outcome = 'pending' | 'answered' | 'skipped';

/** One conversation: each question's final outcome, and how many times each was asked again right after a reply. */
function readConversation(lines: readonly TranscriptEntry[], skipPhrases: readonly string[]): { outcomes: Map<string, Outcome>; reasked: Map<string, number>; leftAt?: string } {
  const outcomes = new Map<string, Outcome>();
  const reasked = new Map<string, number>();
  let asking: string | undefined;
  let reply: string | undefined;
  let lastBotHadSlot = false;
  const moveOn = (): void => {
    if (asking && reply !== undefined) outcomes.set(asking, startsWithPhrase(reply, skipPhrases) ? 'skipped' : 'answered');
  };
  for (const line of lines) {
    if (line.from === 'user') {
      if (asking) reply = line.text;
      continue;
    }
    lastBotHadSlot = line.slot !== undefined;
    // Lines without a prompt (a comment, an explanation) do not move the conversation on by themselves.
    if (line.slot === undefined) continue;
    if (line.slot === asking) {
      if (reply !== undefined) reasked.set(line.slot, (reasked.get(line.slot) ?? 0) + 1);
    } else {
      moveOn();
      asking = line.slot;
      if (!outcomes.has(line.slot)) outcomes.set(line.slot, 'pending');
    }
    reply = undefined;
  }
  // The conversation closed after the visitor's reply (a final line without a prompt): that question was dealt with.
  if (!lastBotHadSlot && reply !== undefined) {
    moveOn();
    return { outcomes, reasked };
  }
  return { outcomes, reasked, ...(asking ? { leftAt: asking } : {}) };
}

export function dropoffReport(entries: readonly TranscriptEntry[], skipPhrases: readonly string[]): DropoffReport {
  const steps = new Map<string, StepCounts>();
  const step = (slot: string): StepCounts => steps.get(slot) ?? steps.set(slot, { slot, reached: 0, answered: 0, skipped: 0, reasked: 0, left: 0, dropOffRate: null }).get(slot)!;
  let conversations = 0;
  for (const lines of byConversation(entries)) {
    if (!lines.some((l) => l.from === 'user')) continue;
    conversations++;
    const { outcomes, reasked, leftAt } = readConversation(lines, skipPhrases);
    for (const [slot, outcome] of outcomes) {
      const counts = step(slot);
      counts.reached++;
      if (outcome !== 'pending') counts[outcome]++;
    }
    for (const [slot, times] of reasked) step(slot).reasked += times;
    if (leftAt) step(leftAt).left++;
  }
  const list = [...steps.values()].map((s) => ({ ...s, dropOffRate: s.reached === 0 ? null : Math.round((s.left / s.reached) * 1000) / 10 }));
  return { conversations, steps: list };
}
