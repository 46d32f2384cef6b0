/**
 * The whole product in a real browser: the real app (bot, dialog scripts, NLU, scoring, embedded
 * store), the demo site and the widget in Debian Chromium. Visitors qualify by answering each
 * question by its slot; the stored lead is read back through the admin API.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '../../core/lead/model.js';
import { ENGLISH_WARM, FRENCH_HOT, type Answers } from '../e2e/answers.js';
import { startApp, type RunningApp } from '../support/app-harness.js';
import { currentPrompt, input, launchBrowser, messageBubbles, openChat, openPage, panel, send, transcript, widget, widgetIds } from '../web/browser-harness.js';
import { leadByEmail, leadById } from './admin-leads.js';
import { e2eScreenshot, qualifyInWidget, waitForBotTurn } from './widget-visitor.js';

let running: RunningApp;
let browser: Browser;

beforeAll(async () => {
  running = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await running?.dispose();
});

/** Poll the admin API until the lead with this e-mail satisfies `ready` (scoring after behaviour is asynchronous). */
async function eventually(email: string, ready: (lead: Lead) => boolean): Promise<Lead> {
  let lead: Lead | undefined;
  await expect
    .poll(
      async () => {
        lead = await leadByEmail(running, email);
        return lead !== undefined && ready(lead);
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  return lead!;
}

function expectConsistentScore(lead: Lead): void {
  expect(lead.score).toBeGreaterThanOrEqual(0);
  expect(lead.score).toBeLessThanOrEqual(100);
  expect(lead.scoreBreakdown.length).toBeGreaterThan(0);
  // The breakdown explains the whole score (a `cap` line absorbs anything beyond 0–100).
  expect(lead.scoreBreakdown.reduce((sum, line) => sum + line.points, 0)).toBe(lead.score);
}

async function userTexts(page: Page): Promise<string[]> {
  return (await transcript(page)).filter((m) => m.from === 'user').map((m) => m.text);
}

describe('qualification through the widget on the demo site (real bot, Chromium)', () => {
  it('takes a French visitor from the home page to a stored, scored MQL', async () => {
    const answers: Answers = { ...FRENCH_HOT, email: 'camille.martin@acme-widget.fr' };
    const { context, page } = await openPage(browser, running.url, '/');
    await openChat(page);
    const asked = await qualifyInWidget(page, answers);
    await e2eScreenshot(page, 'fr-qualified-desktop');

    expect(asked.slice(0, 5)).toEqual(['consent', 'name', 'email', 'phone', 'company']);
    expect(asked).toEqual(expect.arrayContaining(['project', 'timeline', 'motivation', 'budget', 'role']));
    const log = await transcript(page);
    expect(log[0]?.text).toMatch(/Bonjour/);
    expect(log.at(-1)).toMatchObject({ from: 'bot' });
    expect(log.at(-1)?.text).toMatch(/Camille/);
    expect(await currentPrompt(page)).toMatchObject({ slot: '' });

    const { visitorId } = await widgetIds(page);
    const lead = await leadByEmail(running, 'camille.martin@acme-widget.fr');
    expect(lead).toMatchObject({
      name: 'Camille Martin',
      phone: '+33612345678',
      company: 'Acme Industrie',
      channel: 'web',
      locale: 'fr',
      stage: 'mql',
      consent: { given: true },
      role: 'decision-maker',
      timeline: { bucket: 'now' },
      motivation: { category: 'replace' },
      budget: { amount: 30000, currency: 'EUR' },
    });
    expect(lead!.visitorIds).toContain(visitorId);
    expect(lead!.temperature).toBe('hot');
    expect(lead!.history.map((h) => h.stage)).toEqual(expect.arrayContaining(['mcl', 'mql']));
    expectConsistentScore(lead!);
    expect((await leadById(running, lead!._id)).email).toBe(lead!.email);
    await context.close();
  });

  it('speaks English when the site embeds the widget with locale "en" and stores normalised values', async () => {
    const { context, page } = await openPage(browser, running.url, '/', { locale: 'en-GB' });
    // An English site would set data-locale="en"; the demo is French, so configure it the documented other way.
    await page.evaluate(() => (window as unknown as { LeadQualifier: { init(o: object): void } }).LeadQualifier.init({ locale: 'en' }));
    await widget(page).locator('.panel').waitFor({ state: 'attached' });
    await openChat(page);
    const asked = await qualifyInWidget(page, { ...ENGLISH_WARM, email: 'John.ONeil@Globex-Widget.co.uk' });
    await e2eScreenshot(page, 'en-qualified-desktop');

    expect(asked[0]).toBe('consent');
    expect((await transcript(page))[0]?.text).toMatch(/welcome/i);
    const lead = await leadByEmail(running, 'john.oneil@globex-widget.co.uk');
    expect(lead).toMatchObject({
      name: "John O'Neil",
      phone: '+442079460958',
      company: 'Globex Ltd',
      channel: 'web',
      locale: 'en',
      timeline: { bucket: '3-6m' },
      motivation: { category: 'growth' },
      budget: { amount: 5000, currency: 'USD', period: 'month' },
    });
    expect(['mcl', 'mql']).toContain(lead!.stage);
    expectConsistentScore(lead!);
    await context.close();
  });

  it('keeps the history and the current question across a reload mid-conversation, then finishes', async () => {
    const email = 'paul.reload@acme-widget.fr';
    const { context, page } = await openPage(browser, running.url, '/');
    await openChat(page);
    let reloadedAt: string | undefined;
    const asked = await qualifyInWidget(page, { ...FRENCH_HOT, name: 'Paul Durand', email }, {
      afterTurn: async (slot) => {
        if (slot !== 'company' || reloadedAt) return;
        const before = await transcript(page);
        const prompt = await currentPrompt(page);
        expect(prompt.slot).toBe('project');
        await page.reload();
        await widget(page).locator(`#lq-input[data-slot="${prompt.slot}"]`).waitFor({ state: 'attached', timeout: 10_000 });
        expect(await panel(page).isVisible()).toBe(true);
        await expect.poll(() => transcript(page)).toEqual(before);
        expect(await currentPrompt(page)).toEqual(prompt);
        await e2eScreenshot(page, 'reloaded-mid-conversation');
        reloadedAt = prompt.slot;
      },
    });
    expect(reloadedAt).toBe('project');
    expect(asked.filter((s) => s === 'project')).toHaveLength(1);
    // Nothing was sent twice and nothing was lost.
    const texts = await userTexts(page);
    expect(texts).toHaveLength(asked.length);
    expect(texts.filter((t) => t === email)).toHaveLength(1);
    const lead = await leadByEmail(running, email);
    expect(lead).toMatchObject({ name: 'Paul Durand', stage: 'mql', project: { text: expect.any(String) }, role: 'decision-maker' });
    await context.close();
  });

  it('puts website behaviour (pricing page, price simulator) on the lead and in its score breakdown', async () => {
    const email = 'lea.tarifs@acme-widget.fr';
    // A lukewarm visitor, so behaviour points are visible in the score (a hot lead is capped at 100).
    const lukewarm: Answers = {
      ...FRENCH_HOT,
      name: 'Léa Tarifs',
      email,
      phone: 'passer',
      timeline: "dans un an, ce n'est pas urgent",
      budget: 'passer',
      role: 'Je serai utilisateur',
      companySize: '1 à 9',
    };
    const { context, page } = await openPage(browser, running.url, '/tarifs');
    const { visitorId } = await widgetIds(page);
    await openChat(page);
    await qualifyInWidget(page, lukewarm);
    const before = await eventually(email, (lead) => (lead.behaviour?.pages ?? []).some((p) => p.url.includes('/tarifs')));
    expect(before.visitorIds).toContain(visitorId);
    expect(before.scoreBreakdown.map((l) => l.reason).join('\n')).toMatch(/page des tarifs/);
    expect(before.score).toBeLessThan(100);

    // Run the price simulator on the pricing page: `LeadQualifier.track('pricing_simulation', …)`.
    await page.locator('#utilisateurs').fill('25');
    await page.locator('#simulateur button[type=submit]').click();
    await expect.poll(() => page.locator('#resultat').textContent()).toMatch(/25 utilisateurs/);
    const after = await eventually(email, (lead) => (lead.behaviour?.events ?? []).some((e) => e.name === 'pricing_simulation'));
    const simulation = after.behaviour!.events!.find((e) => e.name === 'pricing_simulation');
    expect(simulation?.props).toMatchObject({ seats: 25 });
    const line = after.scoreBreakdown.find((l) => /simulation de prix/.test(l.reason));
    expect(line?.points).toBeGreaterThan(0);
    expect(after.score).toBe(Math.min(100, before.score + line!.points));
    expect(after.behaviour!.pageViews).toBeGreaterThanOrEqual(1);
    expectConsistentScore(after);
    await e2eScreenshot(page, 'behaviour-pricing-simulation');
    await context.close();
  });

  it('qualifies on a 360 px wide phone without leaving the screen', async () => {
    const viewport = { width: 360, height: 640 };
    const { context, page } = await openPage(browser, running.url, '/', { viewport });
    await openChat(page);
    const offScreen: string[] = [];
    await qualifyInWidget(page, { ...FRENCH_HOT, name: 'Zoé Mobile', email: 'zoe.mobile@acme-widget.fr' }, {
      afterTurn: async (slot) => {
        const box = await input(page).boundingBox();
        if (!box || box.x < 0 || box.x + box.width > viewport.width || box.y + box.height > viewport.height) offScreen.push(slot);
      },
    });
    expect(offScreen).toEqual([]);
    const box = await panel(page).boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    await e2eScreenshot(page, 'fr-qualified-360px');
    expect(await leadByEmail(running, 'zoe.mobile@acme-widget.fr')).toMatchObject({ name: 'Zoé Mobile', stage: 'mql' });
    await context.close();
  });

  it('shows hostile answers as text, re-asks instead of storing them, and the visitor still qualifies', async () => {
    const email = 'hostile.ok@acme-widget.fr';
    const img = '<img src=x onerror="window.__xss=1">';
    // [question on screen, what the visitor types]; each hostile answer is refused and re-asked.
    const steps: [string, string][] = [
      ['consent', 'oui'],
      ['name', img],
      ['name', '{"$gt": ""}'],
      ['name', 'Camille Martin'],
      ['email', '__proto__ 😈'],
      ['email', email],
      ['phone', 'passer'],
      ['company', 'x'.repeat(10_000)],
      ['company', 'Acme Industrie'],
    ];
    const { context, page } = await openPage(browser, running.url, '/');
    await openChat(page);
    await waitForBotTurn(page, 0);
    for (const [slot, text] of steps) {
      expect((await currentPrompt(page)).slot).toBe(slot);
      const before = await messageBubbles(page, 'bot').count();
      await send(page, text);
      await waitForBotTurn(page, before);
    }
    expect(await widget(page).locator('.log img, .log script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    const texts = await userTexts(page);
    expect(texts.slice(0, 5)).toEqual(steps.slice(0, 5).map(([, text]) => text));
    // The input caps a paste at 2000 characters, under the server's limit: sent as seen.
    expect(texts[7]).toBe('x'.repeat(2000));
    await qualifyInWidget(page, FRENCH_HOT);
    const lead = await leadByEmail(running, email);
    expect(lead).toMatchObject({ name: 'Camille Martin', email, company: 'Acme Industrie', stage: 'mql' });
    expect(JSON.stringify(lead)).not.toMatch(/onerror|\$gt|__proto__|xxxxxxxxxx/);
    await e2eScreenshot(page, 'hostile-answers');
    await context.close();
  });
});
