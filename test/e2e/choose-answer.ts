/** How a scripted visitor answers one question, whatever the channel shows it with. */
import type { Answers } from './answers.js';

export interface ChosenAnswer {
  text: string;
  /** True when the answer is one of the offered choices (a quick reply or a Slack button to click). */
  click: boolean;
}

/**
 * The free-text answer for the slot; when the question offers choices and the free text is not
 * one of them (e.g. the motivation fallback), the `<slot>:choice` answer or the first choice.
 */
export function answerFor(answers: Answers, slot: string, labels: readonly string[]): ChosenAnswer {
  const free = answers[slot];
  if (labels.length === 0 || labels.includes(free ?? '')) {
    if (free === undefined) throw new Error(`No answer for slot "${slot}"`);
    return { text: free, click: labels.length > 0 };
  }
  const label = answers[`${slot}:choice`] ?? labels[0];
  if (label === undefined) throw new Error(`No choice for slot "${slot}"`);
  return { text: label, click: true };
}
