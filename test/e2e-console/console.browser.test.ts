/**
 * The console in Chromium against a server filled by conversations driven through the real bot
 * (/api/messages, expectReplies): sign-in with the admin token, the funnel on the page equal to
 * GET /api/funnel and to an independent count from the store, a lead found by its e-mail with
 * breakdown and transcript, the lead actions, CSRF refusal, and the 360 px layout.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerLabel } from '../../core/lead/answer-labels.js';
import type { Lead } from '../../core/lead/model.js';
import { runPersona, type ConversationRun } from '../e2e-conversations/conversation-driver.js';
import { PERSONAS } from '../e2e-conversations/personas.js';
import { BotFrameworkClient } from '../support/bf-client.js';
import { ADMIN_TOKEN, startApp, type RunningApp } from '../support/app-harness.js';
import { launchBrowser } from '../web/browser-harness.js';

const SCREENSHOTS = path.resolve('test-results/console');

let running: RunningApp;
let browser: Browser;
let runs: ConversationRun[];
/** Visitors who only said hello: conversations that never became leads. */
const WALK_AWAYS = 4;

beforeAll(async () => {
  running = await startApp();
  runs = [];
  for (const persona of PERSONAS) runs.push(await runPersona(running.url, persona));
  for (let i = 0; i < WALK_AWAYS; i++) await new BotFrameworkClient(running.url, { locale: i % 2 ? 'en-GB' : 'fr-FR' }).say(i % 2 ? 'hello' : 'bonjour');
  browser = await launchBrowser();
  await mkdir(SCREENSHOTS, { recursive: true });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await running?.dispose();
});

async function signIn(viewport = { width: 1280, height: 900 }, locale = 'en-GB'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale });
  const page = await context.newPage();
  await page.goto(`${running.url}/console`);
  // Keyboard only: the password field has the focus, Enter submits.
  await page.locator('#sign-in-password').waitFor();
  await page.keyboard.type(ADMIN_TOKEN);
  await page.keyboard.press('Enter');
  await page.locator('table.leads').waitFor();
  return { context, page };
}

async function api<T>(pathAndQuery: string): Promise<T> {
  const res = await running.admin(pathAndQuery);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** Every lead straight from the store, and the funnel counted from them with this test's own rules. */
async function independentCount(): Promise<{ conversations: number; mcl: number; mql: number; sql: number }> {
  const { items: leads } = await running.app.store.leads.list({ limit: 1000 });
  const ever = (lead: Lead, stages: string[]) => stages.includes(lead.stage) || lead.history.some((h) => stages.includes(h.stage));
  let conversations = 0;
  for (const run of runs) if ((await running.app.store.transcripts.listByVisitor([`emulator:${run.userId}`])).some((e) => e.from === 'user')) conversations++;
  return {
    conversations: conversations + WALK_AWAYS,
    mcl: leads.filter((l) => l.stage !== 'visitor').length,
    mql: leads.filter((l) => ever(l, ['mql', 'sql'])).length,
    sql: leads.filter((l) => ever(l, ['sql'])).length,
  };
}

async function pageTotals(page: Page): Promise<Record<string, number>> {
  const total = page.locator('#funnel-total');
  await total.waitFor();
  const read = async (key: string) => Number(await total.locator(`[data-count="${key}"]`).textContent());
  return { conversations: await read('conversations'), mcl: await read('mcl'), mql: await read('mql'), sql: await read('sql') };
}

const today = (): string => new Date().toISOString().slice(0, 10);

describe('the console', () => {
  it('refuses a wrong token, and every admin route without a session or token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${running.url}/console`);
    await page.locator('#sign-in-password').fill('not-the-token');
    await page.locator('#sign-in-password').press('Enter');
    await expect.poll(() => page.locator('.sign-in .error').textContent()).toMatch(/wrong/i);
    const res = await page.evaluate(async () => (await fetch('/api/leads')).status);
    expect(res).toBe(401);
    await context.close();
  });

  it('shows the funnel with the numbers of GET /api/funnel and of an independent count from the store', async () => {
    const { context, page } = await signIn();
    await page.locator('nav a', { hasText: 'Funnel' }).click();
    const shown = await pageTotals(page);
    const fromApi = await api<{ totals: Record<string, number>; groups: { conversations: number }[] }>(`/api/funnel?from=${new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10)}&to=${today()}&groupBy=day`);
    const independent = await independentCount();
    expect(shown).toEqual(fromApi.totals);
    expect(shown).toEqual(independent);
    expect(independent.conversations).toBe(PERSONAS.length + WALK_AWAYS);
    expect(independent.mcl).toBeGreaterThan(0);
    expect(independent.mql).toBeGreaterThan(0);
    // The day rows add up to the totals.
    expect(fromApi.groups.reduce((sum, g) => sum + g.conversations, 0)).toBe(shown.conversations);
    await expect.poll(() => page.locator('#funnel-chart canvas').count()).toBeGreaterThan(0);

    // By channel: every conversation here came over the Emulator channel.
    // Every conversation ran the one script set loaded (its content hash), on the web as over /api/messages.
    const byScript = await api<{ totals: Record<string, number>; groups: { key: string; conversations: number; mcl: number }[] }>('/api/funnel?groupBy=scriptVersion');
    expect(byScript.groups).toHaveLength(1);
    expect(byScript.groups[0]).toMatchObject({ conversations: independent.conversations, mcl: independent.mcl });
    expect(byScript.groups[0]!.key).toMatch(/^[0-9a-f]{16}$/);
    await page.locator('#funnel-group').selectOption('scriptVersion');
    await page.locator('form.filters button[type=submit]').click();
    await expect.poll(() => page.locator('#funnel-table tbody tr').first().locator('th').textContent()).toBe(byScript.groups[0]!.key);
    await page.locator('#funnel-group').selectOption('channel');
    await page.locator('form.filters button[type=submit]').click();
    await expect.poll(() => page.locator('#funnel-table tbody tr').first().locator('th').textContent()).toBe('emulator');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'funnel-1280.png'), fullPage: true });
    await context.close();
  });

  it('draws the dialog flows with per-question counts equal to GET /api/dialogs/dropoff and to the conversations driven', async () => {
    const { context, page } = await signIn();
    await page.locator('nav a', { hasText: 'Dialogs' }).click();
    await page.locator('#dropoff-table').waitFor();
    const dropoff = await api<{ conversations: number; steps: { slot: string; reached: number; answered: number; skipped: number; reasked: number; left: number }[] }>('/api/dialogs/dropoff');
    expect(dropoff.conversations).toBe(PERSONAS.length + WALK_AWAYS);
    for (const step of dropoff.steps) {
      expect(step.answered + step.skipped + step.left).toBeLessThanOrEqual(step.reached);
      const cells = await page.locator(`#dropoff-table tr[data-slot="${step.slot}"] td`).allTextContents();
      expect(cells.slice(0, 5).map(Number)).toEqual([step.reached, step.answered, step.skipped, step.reasked, step.left]);
    }
    // Independent: what the driven visitors were asked, from their own side of the conversation.
    const askedEmail = runs.filter((r) => r.exchanges.some((e) => e.slot === 'email')).length;
    // Asked again right after a reply, whatever the reason (not understood, "did you mean …?").
    const reaskedEmail = runs.reduce((n, r) => n + r.exchanges.filter((e, i) => e.slot === 'email' && r.exchanges[i - 1]?.slot === 'email').length, 0);
    const email = dropoff.steps.find((s) => s.slot === 'email')!;
    expect(email).toMatchObject({ reached: askedEmail, reasked: reaskedEmail });
    const consent = dropoff.steps.find((s) => s.slot === 'consent')!;
    expect(consent.reached).toBe(PERSONAS.length + WALK_AWAYS);
    expect(consent.left).toBe(WALK_AWAYS);
    // Every flow is drawn, sub-flows included.
    expect(await page.locator('section.flow').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('section.flow li.step-call a').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dialogs-1280.png'), fullPage: true });
    await context.close();
  });

  it('finds a lead by its e-mail and shows its score breakdown and transcript; sales actions work', async () => {
    const hot = runs.find((r) => r.persona.id === 'fr-bavarde-chaude')!;
    const email = 'sophie.lefevre@transports-morel.fr';
    const lead = (await api<{ items: Lead[] }>(`/api/leads?email=${encodeURIComponent(email)}`)).items[0]!;
    const { context, page } = await signIn();
    await page.locator('#f-q').fill(email);
    await page.locator('#f-q').press('Enter');
    await expect.poll(() => page.locator('table.leads tbody tr').count()).toBe(1);
    await page.locator('table.leads tbody tr a').first().click();
    await page.locator('table.breakdown').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lead-1280.png'), fullPage: true });

    expect(await page.locator('table.breakdown tbody tr').count()).toBe(lead.scoreBreakdown.length);
    expect(await page.locator('#lead-score').textContent()).toBe(`${lead.score}/100`);
    const transcript = await page.locator('ol.transcript').innerText();
    for (const exchange of hot.exchanges.slice(0, 5)) expect(transcript).toContain(exchange.said);

    await page.locator('#note').fill('Rappeler jeudi <b>pas de HTML</b>');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => page.locator('ul.notes').textContent()).toContain('Rappeler jeudi <b>pas de HTML</b>');
    await page.locator('#owner').fill('claire');
    await page.getByRole('button', { name: 'Assign' }).click();
    await expect.poll(async () => (await api<Lead>(`/api/leads/${lead._id}`)).owner).toBe('claire');
    await page.locator('#accept-sql').click();
    await expect.poll(() => page.locator('h1 .stage').textContent()).toBe('sql');
    const after = await api<Lead>(`/api/leads/${lead._id}`);
    expect(after.history.at(-1)).toMatchObject({ stage: 'sql', by: 'admin' });
    expect(after.notes?.[0]).toMatchObject({ text: 'Rappeler jeudi <b>pas de HTML</b>', by: 'admin' });

    // The funnel now counts one SQL, on the page as in the API.
    await page.goto(`${running.url}/console/funnel`);
    const shown = await pageTotals(page);
    expect(shown.sql).toBe(1);
    expect(shown).toEqual(await independentCount());
    await context.close();
  });

  it('rejects with a reason, exports the person as JSON and erases them', async () => {
    const email = 'marc@durand-btp.fr';
    const lead = (await api<{ items: Lead[] }>(`/api/leads?email=${encodeURIComponent(email)}`)).items[0]!;
    const { context, page } = await signIn();
    await page.goto(`${running.url}/console/leads/${lead._id}`);
    await page.locator('#reject').click();
    await expect.poll(() => page.locator('#action-message').textContent()).toMatch(/reason/);
    await page.locator('#reject-reason').fill('Budget trop faible');
    await page.locator('#reject').click();
    await expect.poll(() => page.locator('h1 .stage').textContent()).toBe('rejected');

    const exported = await page.evaluate(async (id) => (await fetch(`/api/leads/${id}/export`)).json(), lead._id) as { lead: Lead; transcript: { text: string }[] };
    expect(exported.lead.email).toBe(email);
    expect(exported.transcript.length).toBeGreaterThan(5);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('#erase').click();
    await page.locator('table.leads').waitFor();
    expect((await running.admin(`/api/leads/${lead._id}`)).status).toBe(404);
    expect((await api<{ total: number }>(`/api/leads?q=${encodeURIComponent(email)}`)).total).toBe(0);
    const run = runs.find((r) => r.persona.id === 'fr-laconique')!;
    expect(await running.app.store.transcripts.listByVisitor([`emulator:${run.userId}`])).toEqual([]);
    await context.close();
  });

  it('refuses a change without the CSRF token, even with a valid session', async () => {
    const { context, page } = await signIn();
    const lead = (await api<{ items: Lead[] }>('/api/leads?stage=mql&limit=1')).items[0]!;
    const statuses = await page.evaluate(async (id) => {
      const post = (headers: Record<string, string>) => fetch(`/api/leads/${id}/notes`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ text: 'x' }) }).then((r) => r.status);
      return { none: await post({}), wrong: await post({ 'x-csrf-token': 'forged' }), erase: (await fetch(`/api/leads/${id}`, { method: 'DELETE' })).status };
    }, lead._id);
    expect(statuses).toEqual({ none: 403, wrong: 403, erase: 403 });
    expect((await api<Lead>(`/api/leads/${lead._id}`)).notes).toBeUndefined();
    await context.close();
  });

  it('speaks French to a French browser, and the team’s language (French here) to a browser in neither language', async () => {
    for (const locale of ['fr-FR', 'de-DE']) {
      const { context, page } = await signIn(undefined, locale);
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      expect(await page.locator('header nav a').allTextContents()).toEqual(['Leads', 'Entonnoir', 'Dialogues', 'Webhooks']);
      await expect.poll(() => page.locator('#sign-out').textContent()).toBe('Se déconnecter');
      await page.locator('nav a', { hasText: 'Entonnoir' }).click();
      expect(await pageTotals(page)).toEqual(await independentCount());
      expect(await page.locator('h1').textContent()).toBe('Entonnoir');
      expect(await page.locator('#funnel-total th').textContent()).toBe('Total');
      expect(await page.locator('.kpi-label').allTextContents()).toContain('Délai médian de qualification');
      expect(await page.locator('#funnel-group option[value="scriptVersion"]').textContent()).toBe('Version du script');
      const lead = (await running.app.store.leads.list({ stage: 'mql', limit: 1 })).items[0]!;
      await page.goto(`${running.url}/console/leads/${lead._id}`);
      await page.locator('table.breakdown').waitFor();
      expect(await page.locator('section.card h2').allTextContents()).toEqual(expect.arrayContaining(['Réponses', 'Pourquoi ce score', 'Actions', 'Comportement', 'Historique des étapes', 'Notes', 'Transcription']));
      expect(await page.locator('#accept-sql').textContent()).toBe('Accepter (SQL)');
      // The lead's categories in French too ("décideur", "dans 1 à 3 mois"), not their stored ids.
      const answers = (await page.locator('dl.answers').textContent()) ?? '';
      expect(lead.timeline).toBeDefined();
      expect(answers).toContain(`(${answerLabel('timeline', lead.timeline!.bucket, 'fr')})`);
      if (lead.role) expect(answers).toContain(answerLabel('role', lead.role, 'fr'));
      await context.close();
    }
  });

  it('fits a 360 px screen', async () => {
    const { context, page } = await signIn({ width: 360, height: 740 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'leads-360.png'), fullPage: true });
    await page.goto(`${running.url}/console/funnel`);
    await pageTotals(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'funnel-360.png'), fullPage: true });
    await context.close();
  });
});
