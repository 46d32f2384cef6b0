import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answer,
  bubble,
  currentPrompt,
  input,
  launchBrowser,
  messageBubbles,
  openChat,
  openPage,
  panel,
  pickReply,
  quickReplies,
  screenshot,
  send,
  transcript,
  waitForBotText,
  waitForPrompt,
  widget,
  widgetIds,
} from './browser-harness.js';
import { startChannelServer, type ChannelServer } from './channel-server.js';
import { TEST_DONE, TEST_GREETING, TestQualificationBot } from './test-bot.js';

describe('widget in Chromium', () => {
  let server: ChannelServer;
  let bot: TestQualificationBot;
  let browser: Browser;

  beforeAll(async () => {
    bot = new TestQualificationBot();
    server = await startChannelServer({
      bot,
      config: {
        triggers: [{ id: 'pricing-fast', when: { path: ['/tarifs'], secondsOnPage: 1 }, message: { fr: 'Besoin d’aide pour choisir votre forfait ?', en: 'Need help choosing a plan?' } }],
      },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });


  it('runs a whole conversation: greeting, input adapted to each question, quick replies', async () => {
    const { context, page } = await openPage(browser, server.baseUrl, '/');
    await openChat(page);
    await waitForBotText(page, TEST_GREETING);
    expect(await bubble(page).locator('.badge').isHidden()).toBe(true);
    await expect.poll(() => input(page).evaluate((el) => el === el.getRootNode().ownerDocument?.activeElement?.shadowRoot?.activeElement)).toBe(true);
    await answer(page, 'name', 'Jeanne Martin');
    await waitForPrompt(page, 'email');
    expect(await input(page).getAttribute('type')).toBe('email');
    expect(await input(page).getAttribute('autocomplete')).toBe('email');
    await send(page, 'jeanne@example.com');
    await waitForPrompt(page, 'phone');
    expect(await input(page).getAttribute('type')).toBe('tel');
    expect(await input(page).getAttribute('autocomplete')).toBe('tel');
    await send(page, '06 01 02 03 04');
    await waitForPrompt(page, 'project');
    expect(await quickReplies(page).allTextContents()).toEqual(['Pilote CRM', 'Pilote Campagnes', 'Les deux']);
    await pickReply(page, 'Pilote CRM');
    await waitForPrompt(page, 'consent');
    expect(await currentPrompt(page)).toEqual({ slot: 'consent', kind: 'confirm' });
    await pickReply(page, 'Oui');
    await waitForBotText(page, TEST_DONE);
    expect(await quickReplies(page).count()).toBe(0);
    const log = await transcript(page);
    expect(log.filter((m) => m.from === 'user').map((m) => m.text)).toEqual(['Jeanne Martin', 'jeanne@example.com', '06 01 02 03 04', 'Pilote CRM', 'Oui']);
    expect(log.at(-1)).toEqual({ from: 'bot', text: TEST_DONE });
    await screenshot(page, 'conversation-desktop');
    await context.close();
  });

  it('keeps the conversation across a reload and a navigation, then continues it', async () => {
    const { context, page } = await openPage(browser, server.baseUrl, '/');
    await openChat(page);
    await answer(page, 'name', 'Paul Reload');
    await answer(page, 'email', 'paul@example.com');
    await waitForPrompt(page, 'phone');
    const before = await transcript(page);
    await page.reload();
    await waitForPrompt(page, 'phone');
    expect(await panel(page).isVisible()).toBe(true);
    expect(await transcript(page)).toEqual(before);
    expect(await input(page).getAttribute('type')).toBe('tel');
    await page.goto(`${server.baseUrl}/produits/pilote-crm`);
    await waitForPrompt(page, 'phone');
    expect(await transcript(page)).toEqual(before);
    await answer(page, 'phone', '0700000000');
    await waitForPrompt(page, 'project');
    const log = await transcript(page);
    expect(log.filter((m) => m.from === 'user').map((m) => m.text)).toEqual(['Paul Reload', 'paul@example.com', '0700000000']);
    await context.close();
  });

  it('queues a message typed offline and sends it once when back online', async () => {
    const { context, page } = await openPage(browser, server.baseUrl, '/');
    await openChat(page);
    await waitForPrompt(page, 'name');
    await context.setOffline(true);
    await send(page, 'Hors Ligne');
    const pending = messageBubbles(page, 'user').filter({ hasText: 'Hors Ligne' });
    await expect.poll(() => pending.locator('.state').textContent()).toMatch(/En attente/);
    expect(await widget(page).locator('.notice').textContent()).toMatch(/hors ligne/);
    await context.setOffline(false);
    await waitForBotText(page, 'Noté : Hors Ligne', 15_000);
    await waitForPrompt(page, 'email');
    expect(await pending.locator('.state').count()).toBe(0);
    expect(await messageBubbles(page, 'user').filter({ hasText: 'Hors Ligne' }).count()).toBe(1);
    expect(bot.received.filter((t) => t === 'Hors Ligne')).toHaveLength(1);
    const { conversationId } = await widgetIds(page);
    expect((await server.store.transcripts.list(conversationId)).filter((e) => e.from === 'user').map((e) => e.text)).toEqual(['Hors Ligne']);
    await context.close();
  });

  it('opens by itself on the pricing page with the trigger message, once per visit, and reports the simulator', async () => {
    const { context, page } = await openPage(browser, server.baseUrl, '/tarifs');
    await panel(page).waitFor({ state: 'visible', timeout: 5000 });
    await waitForBotText(page, 'Besoin d’aide pour choisir votre forfait ?');
    await waitForBotText(page, TEST_GREETING);
    // A proactive open does not steal the focus from the page.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BODY');
    await screenshot(page, 'proactive-pricing');
    await page.locator('#utilisateurs').fill('12');
    await page.locator('#simulateur button[type=submit]').click();
    const id = (await widgetIds(page)).visitorId;
    await expect.poll(async () => (await server.store.events.listByVisitor([id])).map((e) => e.name)).toContain('pricing_simulation');
    const simulation = (await server.store.events.listByVisitor([id])).find((e) => e.name === 'pricing_simulation');
    expect(simulation?.props).toMatchObject({ plan: 'croissance', seats: 12, yearly: true, monthly: 602 });
    expect((await server.store.events.listByVisitor([id])).map((e) => e.name)).toEqual(expect.arrayContaining(['visit_start', 'page_view']));

    // Closed by the visitor, then back on the pricing page in the same visit: no second opener.
    await bubble(page).click();
    await page.reload();
    await page.waitForTimeout(2000);
    expect(await panel(page).isHidden()).toBe(true);
    expect(await messageBubbles(page, 'bot').filter({ hasText: 'Besoin d’aide' }).count()).toBe(1);
    await context.close();
  });

  it('never opens by itself on an excluded page', async () => {
    const { context, page } = await openPage(browser, server.baseUrl, '/contact');
    await page.waitForTimeout(1500);
    expect(await panel(page).isHidden()).toBe(true);
    await context.close();
  });

  it('fits a 360 px wide phone', async () => {
    const { context, page } = await openPage(browser, server.baseUrl, '/', { viewport: { width: 360, height: 640 } });
    const bubbleBox = await bubble(page).boundingBox();
    expect(bubbleBox!.x + bubbleBox!.width).toBeLessThanOrEqual(360);
    await openChat(page);
    await waitForPrompt(page, 'name');
    const box = await panel(page).boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    const inputBox = await input(page).boundingBox();
    expect(inputBox!.y + inputBox!.height).toBeLessThanOrEqual(640);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, 'mobile-360');
    await context.close();
  });

  it('is usable with the keyboard only, with labelled controls and a polite live log', async () => {
    const { context, page } = await openPage(browser, server.baseUrl, '/');
    const focusedInWidget = (): Promise<string> =>
      page.evaluate(() => {
        const inner = document.activeElement?.shadowRoot?.activeElement;
        return inner ? `${inner.tagName.toLowerCase()}.${inner.className || inner.id || inner.textContent}` : '';
      });
    let reached = false;
    for (let i = 0; i < 15 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await focusedInWidget()) === 'button.bubble';
    }
    expect(reached).toBe(true);
    expect(await bubble(page).getAttribute('aria-label')).toBe('Ouvrir la discussion avec Léa');
    expect(await bubble(page).getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Enter');
    await waitForPrompt(page, 'name');
    expect(await focusedInWidget()).toBe('input.lq-input');
    expect(await bubble(page).getAttribute('aria-expanded')).toBe('true');
    expect(await widget(page).locator('.log').getAttribute('aria-live')).toBe('polite');
    expect(await widget(page).locator('.log').getAttribute('role')).toBe('log');
    expect(await widget(page).locator('label[for="lq-input"]').textContent()).toBe('Votre message');
    await page.keyboard.type('Clavier Seul');
    await page.keyboard.press('Enter');
    await waitForPrompt(page, 'email');
    await page.keyboard.type('clavier@example.com');
    await page.keyboard.press('Tab');
    expect(await focusedInWidget()).toBe('button.send');
    await page.keyboard.press('Enter');
    await waitForPrompt(page, 'phone');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('0600000000');
    await page.keyboard.press('Enter');
    await waitForPrompt(page, 'project');
    // Quick replies sit just before the input in the focus order.
    await page.keyboard.press('Shift+Tab');
    expect(await focusedInWidget()).toBe('button.Les deux');
    await page.keyboard.press('Enter');
    await waitForPrompt(page, 'consent');
    expect((await transcript(page)).filter((m) => m.from === 'user').map((m) => m.text)).toEqual(['Clavier Seul', 'clavier@example.com', '0600000000', 'Les deux']);
    await page.keyboard.press('Escape');
    expect(await panel(page).isHidden()).toBe(true);
    expect(await focusedInWidget()).toBe('button.bubble');
    await context.close();
  });

  it('shows HTML and scripts typed by the visitor or sent by the bot as text, and links safely', async () => {
    const { context, page } = await openPage(browser, server.baseUrl, '/');
    await openChat(page);
    await waitForPrompt(page, 'name');
    const img = '<img src=x onerror="window.__xss=1">';
    const script = '<script>window.__xss=2</script>';
    await send(page, img);
    await waitForBotText(page, `Noté : ${img}`);
    await send(page, `${script} https://example.com/offre?x=1. javascript:alert(1)`);
    await waitForBotText(page, `Noté : ${script}`);
    const log = widget(page).locator('.log');
    expect(await log.locator('img, script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    const texts = (await transcript(page)).map((m) => m.text);
    expect(texts).toContain(img);
    expect(texts).toContain(`Noté : ${img}`);
    const links = log.locator('a');
    expect(await links.count()).toBe(2); // the visitor's message and the bot's echo
    expect(await links.first().getAttribute('href')).toBe('https://example.com/offre?x=1');
    expect(await links.first().getAttribute('rel')).toContain('noopener');
    expect(await links.first().getAttribute('target')).toBe('_blank');
    await screenshot(page, 'hostile-text');
    await context.close();
  });

  it('renders inline into a page element with LeadQualifier.init', async () => {
    const { context, page } = await openPage(browser, server.baseUrl, '/contact');
    await page.evaluate(() => {
      const slot = document.createElement('div');
      slot.id = 'chat-inline';
      slot.style.height = '480px';
      document.querySelector('main')!.append(slot);
      (window as unknown as { LeadQualifier: { init(o: object): void } }).LeadQualifier.init({ mode: 'inline', target: '#chat-inline', themeColor: '#0f766e' });
    });
    const inline = page.locator('#chat-inline [data-leadq] .lq.inline');
    await inline.locator('.panel').waitFor({ state: 'visible' });
    expect(await page.locator('body > [data-leadq]').count()).toBe(0);
    expect(await inline.locator('button.bubble').count()).toBe(0);
    await inline.locator('#lq-input[data-slot="name"]').waitFor({ state: 'attached' });
    await screenshot(page, 'inline');
    await context.close();
  });
});

