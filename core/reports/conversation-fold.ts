/**
 * A conversation read line by line as a sequence of prompts and replies (the drop-off report).
 * Every bot line that asks carries its prompt slot. Per question:
 * - answered: the bot moved on to another question, or closed, after a reply;
 * - skipped: the same, but the reply was one of the script's skip phrases;
 * - reasked: the bot asked it again right after a reply (each repeat counts);
 * - left: the conversation's last prompt, never moved on from (the visitor left there).
 * The fold is incremental so the store can keep it up to date as lines are appended.
 */
export type StepOutcome = 'pending' | 'answered' | 'skipped';

export interface ConversationFold {
  /** The question being asked. */
  asking?: string;
  /** The visitor's reply to it since it was last asked, if any: a skip phrase or an answer. */
  reply?: 'answer' | 'skip';
  lastBotHadSlot: boolean;
  /** In the order first asked. */
  steps: { slot: string; outcome: StepOutcome; reasked: number }[];
}

export interface FoldLine {
  from: 'user' | 'bot' | 'agent';
  slot?: string;
}

export const emptyFold = (): ConversationFold => ({ lastBotHadSlot: false, steps: [] });

function step(fold: ConversationFold, slot: string): ConversationFold['steps'][number] {
  let found = fold.steps.find((s) => s.slot === slot);
  if (!found) fold.steps.push((found = { slot, outcome: 'pending', reasked: 0 }));
  return found;
}

function moveOn(fold: ConversationFold): void {
  if (fold.asking !== undefined && fold.reply !== undefined) step(fold, fold.asking).outcome = fold.reply === 'skip' ? 'skipped' : 'answered';
}

/** Folds one more line (in time order) into `fold`, in place. `isSkip`: whether a visitor's line is a skip phrase. */
export function foldLine(fold: ConversationFold, line: FoldLine, isSkip: boolean): void {
  if (line.from === 'user') {
    if (fold.asking !== undefined) fold.reply = isSkip ? 'skip' : 'answer';
    return;
  }
  fold.lastBotHadSlot = line.slot !== undefined;
  // Lines without a prompt (a comment, an explanation) do not move the conversation on by themselves.
  if (line.slot === undefined) return;
  if (line.slot === fold.asking) {
    if (fold.reply !== undefined) step(fold, line.slot).reasked++;
  } else {
    moveOn(fold);
    fold.asking = line.slot;
    step(fold, line.slot);
  }
  delete fold.reply;
}

/** The outcome so far: each question's outcome, and where the visitor left, if they did. */
export function foldOutcome(fold: ConversationFold): { steps: ConversationFold['steps']; leftAt?: string } {
  const done = structuredClone(fold);
  // The conversation closed after the visitor's reply (a final line without a prompt): that question was dealt with.
  if (!done.lastBotHadSlot && done.reply !== undefined) {
    moveOn(done);
    return { steps: done.steps };
  }
  return { steps: done.steps, ...(done.asking !== undefined ? { leftAt: done.asking } : {}) };
}
