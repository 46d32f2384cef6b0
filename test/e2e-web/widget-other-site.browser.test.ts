/**
 * The widget embedded on another site (another loopback origin: a second port) and opened by
 * browsers in English and French, against the real app.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Browser } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RefusedOriginLog } from '../../adapters/web/refused-origins.js';
import { startApp, type RunningApp } from '../support/app-harness.js';
import { bubble, input, launchBrowser, openChat, openPage, panel, quickReplies, waitForBotText, widget } from '../web/browser-harness.js';

/** A customer's site on its own origin, embedding the bot's widget.js. */
async function startCustomerSite(widgetUrl: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="fr"><head><title>Shop</title></head><body><h1>Shop</h1><script src="${widgetUrl()}" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('widget on another site', () => {
  let browser: Browser;
  let app: RunningApp | undefined;
  let site: { server: Server; origin: string };

  beforeAll(async () => {
    browser = await launchBrowser();
    site = await startCustomerSite(() => `${app!.url}/widget.js`);
  });
  afterAll(async () => {
    await app?.dispose();
    await browser?.close();
    await new Promise((resolve) => site?.server.close(resolve));
  });

  it('says in the visitor\'s language that the site is not allowed yet, instead of an empty chat', async () => {
    app = await startApp();
    const { context, page } = await openPage(browser, site.origin, '/', { locale: 'en-US' });
    try {
      await openChat(page);
      const notice = widget(page).locator('.notice[data-reason="origin_not_allowed"]');
      await expect.poll(() => notice.textContent()).toBe('This chat is not enabled on this site yet. Please come back soon, or contact us another way.');
      expect(await input(page).isDisabled()).toBe(true);
      expect(await widget(page).locator('.msg').count()).toBe(0);
    } finally {
      await context.close();
      await app.dispose();
    }
  });

  it('works once the origin is in WIDGET_ALLOWED_ORIGINS, greeting an English browser in English on a French page', async () => {
    app = await startApp({ env: { WIDGET_ALLOWED_ORIGINS: `https://other.example,${site.origin}` } });
    const { context, page } = await openPage(browser, site.origin, '/', { locale: 'en-US' });
    try {
      expect(await bubble(page).getAttribute('aria-label')).toBe('Open the chat with Léa');
      await openChat(page);
      await waitForBotText(page, "Hi, welcome! 👋 A few quick questions and I'll connect you with the right person on our sales team.");
      await expect.poll(() => quickReplies(page).allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^Yes/)]));
      expect(await widget(page).locator('.notice').textContent()).toBe('');
      expect(await panel(page).isVisible()).toBe(true);
    } finally {
      await context.close();
      await app.dispose();
    }
  });

  it('greets a French browser in French on the demo site', async () => {
    app = await startApp();
    const { context, page } = await openPage(browser, app.url, '/', { locale: 'fr-FR' });
    try {
      await openChat(page);
      await waitForBotText(page, 'Bonjour et bienvenue !');
      expect(await input(page).getAttribute('placeholder')).toBe('Écrivez votre message…');
    } finally {
      await context.close();
      await app.dispose();
    }
  });

  it('greets an English browser in English on the English demo site, reached from the French one', async () => {
    app = await startApp();
    const { context, page } = await openPage(browser, app.url, '/', { locale: 'en-US' });
    try {
      await page.getByRole('link', { name: 'English' }).click();
      await page.waitForURL(`${app.url}/en`);
      expect(await page.locator('h1').textContent()).toBe('Turn your visitors into customers');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await widget(page).locator('.panel').waitFor({ state: 'attached' });
      await openChat(page);
      await waitForBotText(page, 'Hi, welcome!');
      expect(await input(page).getAttribute('placeholder')).toBe('Type your message…');
      await page.goto(`${app.url}/en/pricing`);
      await page.getByRole('button', { name: 'Calculate' }).click();
      await expect.poll(() => page.locator('#resultat').textContent()).toBe('Estimate: €251 per month excl. VAT for 5 users.');
    } finally {
      await context.close();
      await app.dispose();
    }
  });
});

describe('refused origins in the server log', () => {
  it('warns once per origin, naming the settings to change', () => {
    const lines: { level: number; msg: string; origin: string }[] = [];
    const log = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _e, done) => done(void lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number])) }));
    const refused = new RefusedOriginLog(log);
    for (let i = 0; i < 5; i++) refused.warn('http://127.0.0.1:5555');
    refused.warn('https://shop.example');
    refused.warn('"\n<script>' + 'x'.repeat(10_000));
    expect(lines.map((line) => line.origin)).toEqual(['http://127.0.0.1:5555', 'https://shop.example', expect.stringMatching(/^"\n<script>x+$/)]);
    expect(lines[0]).toMatchObject({ level: 40, msg: expect.stringContaining('widget refused on "http://127.0.0.1:5555": add this origin to allowedOrigins in the widget config (config/widget.yaml, or the file in WIDGET_CONFIG) or to WIDGET_ALLOWED_ORIGINS') });
    expect(lines[2]!.msg.length).toBeLessThan(400);
    refused.clear();
    refused.warn('https://shop.example');
    expect(lines).toHaveLength(4);
  });
});
