/**
 * The widget shows the server's `notice` (a turn that failed after the message was accepted asks
 * for it again) under the chat, and clears it when the bot answers the message sent again.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, launchBrowser, openChat, openPage, panel, send, waitForPrompt } from './browser-harness.js';
import { startChannelServer, type ChannelServer } from './channel-server.js';
import { TEST_TURN_FAILED, TestQualificationBot } from './test-bot.js';

describe('widget in Chromium, a failed turn', () => {
  let server: ChannelServer;
  const bot = new TestQualificationBot();
  let browser: Browser;

  beforeAll(async () => {
    server = await startChannelServer({ bot });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the request to send the message again, then clears it once the bot answers', async () => {
    const { context, page } = await openPage(browser, server.baseUrl, '/');
    await openChat(page);
    const notice = panel(page).locator('.notice');
    bot.failing.add('Zoé Retry');
    await answer(page, 'name', 'Zoé Retry');
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toBe(TEST_TURN_FAILED);
    expect(await notice.getAttribute('role')).toBe('status');

    bot.failing.clear();
    await send(page, 'Zoé Retry');
    await waitForPrompt(page, 'email');
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toBe('');
    await context.close();
  });
});
