/**
 * A sales rep takes over a live conversation from Slack, in a real browser: the visitor qualifies
 * in the widget (real bot, Chromium); the MQL alert reaches the fake Slack Web API; we sign and send
 * the Join click and a thread message as Slack would; the rep's words appear in the widget within
 * 2 s while the bot stays silent; the visitor's reply is posted into the alert's thread; Leave gives
 * the visitor back to the bot.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRENCH_HOT } from '../e2e/answers.js';
import { leadByEmail } from '../e2e-web/admin-leads.js';
import { e2eScreenshot, qualifyInWidget } from '../e2e-web/widget-visitor.js';
import { launchBrowser, messageBubbles, openChat, openPage, send, widget } from '../web/browser-harness.js';
import { actionValue, click, messageWithAction, REP, REP_AVATAR, SALES_CHANNEL, startHandoffApp, threadMessage, type HandoffApp } from '../handoff/handoff-harness.js';

let app: HandoffApp;
let browser: Browser;

beforeAll(async () => {
  app = await startHandoffApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

describe('live hand-off from Slack into the widget (Chromium)', () => {
  it('lets a rep join from the MQL alert, talk both ways through the thread, and leave', async () => {
    const email = 'camille.martin@handoff-widget.fr';
    const { context, page } = await openPage(browser, app.running.url, '/');
    await openChat(page);
    await qualifyInWidget(page, { ...FRENCH_HOT, email });
    const lead = await leadByEmail(app.running, email);
    expect(lead?.stage).toBe('mql');

    // The MQL alert, with its Join button.
    const alert = await app.slack.waitFor(() => messageWithAction(app.slack, 'join_conversation', (m) => (m.text ?? '').includes('Camille Martin')), 15_000);
    expect(JSON.parse(actionValue(alert, 'join_conversation')!)).toMatchObject({ leadId: lead!._id });

    expect(await click(app, REP, 'join_conversation', alert)).toBe(200);
    const agent = widget(page).locator('.msg.agent');
    await agent.filter({ hasText: "Camille de l'équipe commerciale a rejoint la conversation" }).waitFor({ timeout: 10_000 });
    await expect.poll(() => agent.first().locator('img').getAttribute('src')).toBe(REP_AVATAR);
    expect(await agent.first().locator('strong').textContent()).toBe('Camille');

    // The rep writes in the alert's thread; the widget shows it within 2 s.
    const botBefore = await messageBubbles(page, 'bot').count();
    const sentAt = Date.now();
    const res = await threadMessage(app, REP, alert.ts, 'Bonjour Camille, je regarde votre projet CRM avec vous.');
    expect(res.status).toBe(200);
    await agent.filter({ hasText: 'je regarde votre projet CRM' }).waitFor({ timeout: 2_000 });
    const latencyMs = Date.now() - sentAt;
    expect(latencyMs).toBeLessThan(2_000);

    // The visitor answers: it goes to the thread, not to the script.
    await send(page, 'Parfait, merci ! Vous pouvez me rappeler demain matin ?');
    const relayed = await app.slack.waitFor(
      () => app.slack.callsTo('chat.postMessage').find((c) => c.args.thread_ts === alert.ts && String(c.args.text).includes('me rappeler demain matin')),
      10_000,
    );
    expect(String(relayed.args.text)).toContain('Camille Martin');
    await threadMessage(app, REP, alert.ts, 'Bien sûr, demain 10 h.');
    await agent.filter({ hasText: 'demain 10 h' }).waitFor({ timeout: 5_000 });
    expect(await messageBubbles(page, 'bot').count()).toBe(botBefore);
    await e2eScreenshot(page, 'handoff-rep-in-widget');

    // Leave, from the button the bot posted in the thread.
    const joinedNote = await app.slack.waitFor(() => app.slack.messages.find((m) => m.thread_ts === alert.ts && actionValue(m, 'leave_conversation') !== undefined));
    expect(await click(app, REP, 'leave_conversation', joinedNote)).toBe(200);
    await agent.filter({ hasText: 'Camille a quitté la conversation' }).waitFor({ timeout: 10_000 });
    await send(page, 'Merci !');
    await expect.poll(() => messageBubbles(page, 'bot').count(), { timeout: 10_000 }).toBeGreaterThan(botBefore);

    const stored = await leadByEmail(app.running, email);
    expect(stored!.history.filter((h) => h.event).map((h) => [h.event, h.by])).toEqual([
      ['rep-joined', REP],
      ['rep-left', REP],
    ]);
    // The lead's transcript holds the whole exchange: the rep's lines under their name, the visitor's reply.
    const transcript = (await (await app.running.admin(`/api/leads/${lead!._id}/transcript`)).json()) as { items: { from: string; text: string; author?: { name: string } }[] };
    const lines = transcript.items.map((e) => [e.from, e.author?.name ?? '', e.text]);
    expect(lines).toEqual(expect.arrayContaining([
      ['agent', 'Camille', 'Bonjour Camille, je regarde votre projet CRM avec vous.'],
      ['user', '', 'Parfait, merci ! Vous pouvez me rappeler demain matin ?'],
      ['agent', 'Camille', 'Bien sûr, demain 10 h.'],
    ]));
    console.info(`rep → widget latency: ${latencyMs} ms`);
    expect(app.slack.messages.filter((m) => m.channel === SALES_CHANNEL && m.thread_ts === alert.ts && String(m.text).includes('me rappeler demain matin'))).toHaveLength(1);
    await context.close();
  });
});
