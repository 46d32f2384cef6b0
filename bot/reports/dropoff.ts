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
import type { TranscriptEntry } from '../lead/repository.js';
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

export function dropoffReport(entries: readonly TranscriptEntry[], skipPhrases: readonly string[]): DropoffReport {
  const steps = new Map<string, StepCounts>();
  const step = (slot: string): StepCounts => steps.get(slot) ?? steps.set(slot, { slot, reached: 0, answered: 0, skipped: 0, reasked: 0, left: 0, dropOffRate: null }).get(slot)!;
  let conversations = 0;
  for (const lines of byConversation(entries)) {
    if (!lines.some((l) => l.from === 'user')) continue;
    conversations++;
    const reached = new Set<string>();
    let asking: string | undefined;
    let reply: string | undefined;
    const moveOn = () => {
      if (asking && reply !== undefined) step(asking)[startsWithPhrase(reply, skipPhrases) ? 'skipped' : 'answered']++;
    };
    for (const line of lines) {
      if (line.from === 'user') {
        if (asking) reply = line.text;
        continue;
      }
      if (line.slot === undefined) {
        // A line without a prompt after a reply: the bot went on (a closing, a comment before the next question).
        if (reply !== undefined) {
          moveOn();
          asking = undefined;
          reply = undefined;
        }
        continue;
      }
      if (line.slot === asking) {
        if (reply !== undefined) step(line.slot).reasked++;
      } else {
        moveOn();
        if (!reached.has(line.slot)) {
          reached.add(line.slot);
          step(line.slot).reached++;
        }
        asking = line.slot;
      }
      reply = undefined;
    }
    if (asking) step(asking).left++;
  }
  const list = [...steps.values()].map((s) => ({ ...s, dropOffRate: s.reached === 0 ? null : Math.round((s.left / s.reached) * 1000) / 10 }));
  return { conversations, steps: list };
}
