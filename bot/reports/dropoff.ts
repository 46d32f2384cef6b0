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
import { phraseMatcher } from '../../dialogs/engine/answers.js';
import { emptyFold, foldLine, foldOutcome, type StepOutcome } from '../../core/reports/conversation-fold.js';

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
  for (const entry of entries) {
    const lines = groups.get(entry.conversationId);
    if (lines) lines.push(entry);
    else groups.set(entry.conversationId, [entry]);
  }
  return [...groups.values()].map((lines) => lines.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.seq ?? 0) - (b.seq ?? 0)));
}

/** Per-question counts from conversations already folded (the store's summaries, or lines read here). */
export function dropoffFromCounts(conversations: number, counts: readonly { slot: string; outcome: StepOutcome; conversations: number; reasked: number }[], left: ReadonlyMap<string, number>): DropoffReport {
  const steps = new Map<string, StepCounts>();
  const step = (slot: string): StepCounts => steps.get(slot) ?? steps.set(slot, { slot, reached: 0, answered: 0, skipped: 0, reasked: 0, left: 0, dropOffRate: null }).get(slot)!;
  for (const { slot, outcome, conversations: n, reasked } of counts) {
    const counted = step(slot);
    counted.reached += n;
    if (outcome !== 'pending') counted[outcome] += n;
    counted.reasked += reasked;
  }
  for (const [slot, n] of left) step(slot).left += n;
  const list = [...steps.values()].map((s) => ({ ...s, dropOffRate: s.reached === 0 ? null : Math.round((s.left / s.reached) * 1000) / 10 }));
  return { conversations, steps: list };
}

export function dropoffReport(entries: readonly TranscriptEntry[], skipPhrases: readonly string[]): DropoffReport {
  const isSkip = phraseMatcher(skipPhrases);
  const counts: { slot: string; outcome: StepOutcome; conversations: number; reasked: number }[] = [];
  const left = new Map<string, number>();
  let conversations = 0;
  for (const lines of byConversation(entries)) {
    if (!lines.some((l) => l.from === 'user')) continue;
    conversations++;
    const fold = emptyFold();
    for (const line of lines) foldLine(fold, line, line.from === 'user' && isSkip(line.text));
    const { steps, leftAt } = foldOutcome(fold);
    for (const s of steps) counts.push({ slot: s.slot, outcome: s.outcome, conversations: 1, reasked: s.reasked });
    if (leftAt) left.set(leftAt, (left.get(leftAt) ?? 0) + 1);
  }
  return dropoffFromCounts(conversations, counts, left);
}
