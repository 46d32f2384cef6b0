/**
 * Drives the real widget in Debian Chromium (playwright-core, never a downloaded browser).
 * Made for reuse by end-to-end qualification runs with the real bot:
 *
 *   const browser = await launchBrowser();
 *   const { page } = await openPage(browser, server.baseUrl, '/');
 *   await openChat(page);
 *   await answer(page, 'email', 'jeanne@example.com');   // waits for the email question first
 *   await pickReply(page, 'Pilote CRM');
 *
 * Selectors pierce the widget's open shadow root.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = path.resolve('test-results/web');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface OpenPageOptions {
  viewport?: { width: number; height: number };
  locale?: string;
  /** Reuse a context (same localStorage = same visitor). */
  context?: BrowserContext;
}

/** Open a page of the demo site and wait until the widget has rendered. */
export async function openPage(browser: Browser, baseUrl: string, pathname: string, options: OpenPageOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = options.context ?? (await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, locale: options.locale ?? 'fr-FR' }));
  const page = await context.newPage();
  await page.goto(baseUrl + pathname);
  await widget(page).locator('.panel').waitFor({ state: 'attached' });
  return { context, page };
}

/** The widget's root (inside its shadow root). */
export function widget(page: Page): Locator {
  return page.locator('[data-leadq] .lq');
}

export const bubble = (page: Page): Locator => widget(page).locator('button.bubble');
export const input = (page: Page): Locator => widget(page).locator('#lq-input');
export const panel = (page: Page): Locator => widget(page).locator('.panel');
export const quickReplies = (page: Page): Locator => widget(page).locator('.replies button');
export const messageBubbles = (page: Page, from?: 'bot' | 'user'): Locator => widget(page).locator(from ? `.msg.${from}` : '.msg');

/** Open the panel with the bubble (no-op when already open). */
export async function openChat(page: Page): Promise<void> {
  if (await panel(page).isHidden()) await bubble(page).click();
  await panel(page).waitFor({ state: 'visible' });
}

/** The question the widget is waiting on: the prompt slot and kind set by the last bot message. */
export async function currentPrompt(page: Page): Promise<{ slot: string; kind: string }> {
  const field = input(page);
  return { slot: (await field.getAttribute('data-slot')) ?? '', kind: (await field.getAttribute('data-kind')) ?? 'text' };
}

/** Wait until the bot asks for `slot`. */
export async function waitForPrompt(page: Page, slot: string, timeoutMs = 10_000): Promise<void> {
  await widget(page).locator(`#lq-input[data-slot="${slot}"]`).waitFor({ state: 'attached', timeout: timeoutMs });
}

/** Wait for the question on `slot`, then type `text` and press Enter. */
export async function answer(page: Page, slot: string, text: string): Promise<void> {
  await waitForPrompt(page, slot);
  await send(page, text);
}

/** Type a message and press Enter, whatever the bot asked. */
export async function send(page: Page, text: string): Promise<void> {
  await input(page).fill(text);
  await input(page).press('Enter');
}

/** Click the quick reply whose label is `title`. */
export async function pickReply(page: Page, title: string): Promise<void> {
  await quickReplies(page).filter({ hasText: title }).first().click();
}

/** Wait for a bot message containing `text` (string or pattern). */
export async function waitForBotText(page: Page, text: string | RegExp, timeoutMs = 10_000): Promise<void> {
  await messageBubbles(page, 'bot').filter({ hasText: text }).first().waitFor({ timeout: timeoutMs });
}

/** Visible texts of the log, in order, without the screen-reader speaker prefix. */
export async function transcript(page: Page): Promise<{ from: string; text: string }[]> {
  return widget(page)
    .locator('.msg')
    .evaluateAll((nodes) => nodes.map((n) => ({ from: n.classList.contains('bot') ? 'bot' : 'user', text: n.querySelector('p')?.textContent ?? '' })));
}

/** The ids the widget generated and keeps in localStorage; `visitorId` as the bot sees it (`web:<id>`). */
export async function widgetIds(page: Page): Promise<{ visitorId: string; conversationId: string }> {
  const raw = await page.evaluate(() => Object.entries(localStorage).find(([key]) => key.startsWith('leadq:'))?.[1] ?? '{}');
  const saved = JSON.parse(raw) as { visitorId?: string; conversationId?: string };
  return { visitorId: `web:${saved.visitorId ?? ''}`, conversationId: saved.conversationId ?? '' };
}

/** Save a full-page screenshot under test-results/web/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
