/**
 * A visitor who qualifies through the real widget: answers each question by the slot the widget
 * shows (`#lq-input[data-slot]`, set from `channelData.prompt.slot`), clicking a quick reply when
 * the question offers choices — the browser twin of `converse()` in test/e2e/answers.ts.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Answers } from '../e2e/answers.js';
import { answerFor } from '../e2e/choose-answer.js';
import { currentPrompt, messageBubbles, pickReply, quickReplies, send } from '../web/browser-harness.js';

export const SCREENSHOT_DIR = path.resolve('test-results/e2e-web');

/** How long the bot may stay silent after an answer before the run counts as stuck. */
const TURN_TIMEOUT_MS = 15_000;
/** Replies of one turn are released together; this much quiet means the turn is over. */
const QUIET_MS = 300;

/** Wait until the bot has said more than `before` messages and then gone quiet. */
export async function waitForBotTurn(page: Page, before: number): Promise<void> {
  const bot = messageBubbles(page, 'bot');
  const deadline = Date.now() + TURN_TIMEOUT_MS;
  let count = await bot.count();
  while (count <= before) {
    if (Date.now() > deadline) throw new Error(`The bot did not answer within ${TURN_TIMEOUT_MS} ms (still ${count} messages)`);
    await page.waitForTimeout(50);
    count = await bot.count();
  }
  for (;;) {
    await page.waitForTimeout(QUIET_MS);
    const next = await bot.count();
    if (next === count) return;
    count = next;
  }
}

/**
 * Answer every question until the bot stops asking; returns the slots in the order asked.
 * The chat must be open and the bot's first turn under way.
 */
export async function qualifyInWidget(page: Page, answers: Answers, options: { maxTurns?: number; afterTurn?: (slot: string, turn: number) => Promise<void> } = {}): Promise<string[]> {
  const asked: string[] = [];
  await waitForBotTurn(page, 0);
  for (let turn = 0; turn < (options.maxTurns ?? 40); turn++) {
    const { slot } = await currentPrompt(page);
    if (!slot) return asked;
    asked.push(slot);
    const labels = (await quickReplies(page).allTextContents()).map((l) => l.trim());
    const { text, click } = answerFor(answers, slot, labels);
    const before = await messageBubbles(page, 'bot').count();
    if (click) await pickReply(page, text);
    else await send(page, text);
    await waitForBotTurn(page, before);
    await options.afterTurn?.(slot, turn);
  }
  throw new Error(`The conversation did not end; asked: ${asked.join(', ')}`);
}

/** Save a screenshot of the page under test-results/e2e-web/<name>.png. */
export async function e2eScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
