/**
 * The real app with Slack configured against a local stand-in for Slack's Web API: a visitor
 * qualifies in a DM, sales gets the MQL alert and a rep claims it; and an alert survives the bot
 * going away between qualification and delivery — stopped while Slack is down, or killed with
 * SIGKILL right after Slack accepted the post — and is posted exactly once after the restart.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lead } from '../../core/lead/model.js';
import { leadAlertKey } from '../../bot/outbox/lead-alert.js';
import { STALE_LOCK_MS } from '../../data/mongodb/document-locks.js';
import { FRENCH_HOT, converse } from '../e2e/answers.js';
import { leadByEmail, leadById } from '../e2e-web/admin-leads.js';
import { FAKE_TEAM, FakeSlackApi, type FakeMessage } from '../slack/support/fake-slack-api.js';
import { buttonClick, sendToSlackEndpoint } from '../slack/support/slack-requests.js';
import { BotFrameworkClient } from '../support/bf-client.js';
import { startApp, type RunningApp } from '../support/app-harness.js';
import { spawnApp as spawnSeparateApp, type SpawnedApp } from '../support/spawn-app.js';
import { FAST_SLACK, SALES_CHANNEL, slackEnv } from './slack-app-env.js';
import { buttonsOf, SlackVisitor } from './slack-visitor.js';

const REP = 'U0REP1';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakeSlack(): Promise<FakeSlackApi> {
  const slack = await FakeSlackApi.start();
  cleanups.push(() => slack.close());
  return slack;
}

async function appWithSlack(slack: FakeSlackApi, dataDir?: string): Promise<RunningApp> {
  const running = await startApp({
    ...(dataDir ? { dataDir } : {}),
    env: slackEnv(slack.url),
    overrides: { slack: FAST_SLACK },
  });
  // Disposing twice is harmless, so the first app of a restart test may own the data dir too.
  cleanups.push(() => running.dispose());
  return running;
}

async function spawnApp(dataDir: string, slackApiUrl: string): Promise<SpawnedApp> {
  const app = await spawnSeparateApp(dataDir, slackApiUrl);
  cleanups.push(app.kill);
  return app;
}

function alertsFor(slack: FakeSlackApi, leadId: string): FakeMessage[] {
  return slack.channelMessages(SALES_CHANNEL).filter((m) => m.metadata?.event_payload.key === leadAlertKey(leadId, 'qualified'));
}

describe('Slack end to end with the real bot', () => {
  it('qualifies a visitor in a DM, alerts sales within 5 s, and a rep claims the lead', async () => {
    const slack = await fakeSlack();
    slack.users.set('U0VISITOR', { real_name: 'Camille Martin', locale: 'fr-FR' });
    const running = await appWithSlack(slack);
    const email = 'camille.slack@acme-industrie.fr';
    const visitor = new SlackVisitor(running.url, slack, 'U0VISITOR', 'D0VISITOR');

    await visitor.say('Bonjour, je cherche un CRM');
    expect(visitor.messages()[0]?.text).toMatch(/Bonjour/);
    expect(visitor.slot).toBe('consent');
    const asked = await visitor.qualify({ ...FRENCH_HOT, email });
    expect(asked.slice(0, 5)).toEqual(['consent', 'name', 'email', 'phone', 'company']);
    expect(asked).toEqual(expect.arrayContaining(['project', 'timeline', 'motivation', 'budget', 'role']));
    expect(visitor.messages().at(-1)?.text).toMatch(/Camille/);
    // Choices came as buttons and were answered by clicks; an answered prompt loses its buttons.
    const clicked = slack.callsTo('chat.update').filter((c) => c.args.channel === 'D0VISITOR');
    expect(clicked.length).toBeGreaterThanOrEqual(2);
    for (const call of clicked) expect(buttonsOf(slack.messages.find((m) => m.ts === call.args.ts))).toEqual([]);

    const lead = await leadByEmail(running, email);
    expect(lead).toMatchObject({ name: 'Camille Martin', channel: 'slack', stage: 'mql', company: 'Acme Industrie', role: 'decision-maker' });
    expect(lead!.visitorIds).toEqual([`slack:${FAKE_TEAM}:U0VISITOR`]);

    const [alert] = await slack.waitFor(() => alertsFor(slack, lead!._id).length > 0 && alertsFor(slack, lead!._id), 5_000);
    const postedAt = slack.callsTo('chat.postMessage').find((c) => c.args.channel === SALES_CHANNEL)!.at;
    const latencyMs = postedAt - visitor.lastAnswerAt;
    console.info(`[e2e-slack] MQL alert posted ${latencyMs} ms after the qualifying answer`);
    expect(latencyMs).toBeLessThan(5_000);
    const rendered = JSON.stringify(alert!.blocks);
    for (const expected of ['Camille Martin', 'Acme Industrie', email, `${lead!.score}/100`, `/console/leads/${lead!._id}`]) expect(rendered).toContain(expected);

    const claim = buttonsOf(alert).find((b) => b.action_id === 'lead_claim');
    expect(claim).toBeDefined();
    const res = await sendToSlackEndpoint(running.url, buttonClick(REP, { action_id: claim!.action_id, value: claim!.value }, { channel: SALES_CHANNEL, ts: alert!.ts, text: alert!.text ?? '' }));
    expect(res.status).toBe(200);
    await expect.poll(async () => (await leadById(running, lead!._id)).owner, { timeout: 5_000 }).toBe(REP);
    const update = await slack.waitFor(() => slack.callsTo('chat.update').find((c) => c.args.channel === SALES_CHANNEL && c.args.ts === alert!.ts));
    expect(JSON.stringify(update.args.blocks)).toContain(`<@${REP}>`);
    expect(buttonsOf(alertsFor(slack, lead!._id)[0]).map((b) => b.action_id)).not.toContain('lead_claim');
    expect(alertsFor(slack, lead!._id)).toHaveLength(1);
  });

  it('qualifies a community member who mentions the bot in a channel and answers in its thread without mentioning it again', async () => {
    const slack = await fakeSlack();
    slack.users.set('U0THREAD', { real_name: 'Camille Martin', locale: 'fr-FR' });
    const running = await appWithSlack(slack);
    const email = 'camille.thread@acme-industrie.fr';
    const root = `${Math.floor(Date.now() / 1000)}.000100`;
    const visitor = new SlackVisitor(running.url, slack, 'U0THREAD', 'C0COMMUNITY', root);
    await visitor.mention('Bonjour, je cherche un CRM');
    expect(visitor.slot).toBe('consent');

    const asked = await visitor.qualify({ ...FRENCH_HOT, email });
    expect(asked.slice(0, 3)).toEqual(['consent', 'name', 'email']);
    expect(asked).toEqual(expect.arrayContaining(['project', 'timeline', 'budget']));
    // Every reply stayed in the thread; nothing went to the channel itself.
    expect(slack.messages.filter((m) => m.channel === 'C0COMMUNITY' && m.thread_ts !== root)).toEqual([]);
    const lead = await leadByEmail(running, email);
    expect(lead).toMatchObject({ channel: 'slack', stage: 'mql' });
  });

  it('answers hostile and oversized DMs as text and keeps the conversation going', async () => {
    const slack = await fakeSlack();
    const running = await appWithSlack(slack);
    const visitor = new SlackVisitor(running.url, slack, 'U0HOSTILE', 'D0HOSTILE');
    await visitor.say('bonjour');
    await visitor.click('Oui');
    expect(visitor.slot).toBe('name');
    for (const text of ['<!channel> <script>alert(1)</script>', '{"$gt": ""}', `${'é😈'.repeat(5_000)}`]) {
      const before = visitor.messages().length;
      await visitor.say(text);
      const replies = visitor.messages().slice(before);
      expect(replies.length).toBeGreaterThan(0);
      for (const reply of replies) expect(reply.text).not.toMatch(/<!channel>|<script>/);
    }
    // Three refused names: the bot moves on rather than looping, and nothing hostile was stored.
    expect(visitor.slot).toBe('email');
    const res = await running.admin('/api/leads?channel=slack&limit=200');
    const { items } = (await res.json()) as { items: Lead[] };
    const lead = items.find((l) => l.visitorIds.includes(`slack:${FAKE_TEAM}:U0HOSTILE`));
    expect(JSON.stringify(lead ?? {})).not.toMatch(/\$gt|<script>|😈/);
    // A malformed, unsigned body is refused before the bot sees it.
    const forged = await fetch(`${running.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"event_callback","__proto__":{"x":1}' });
    expect(forged.status).toBe(401);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('delivers the alert exactly once when the bot is stopped between qualification and delivery', async () => {
    // Slack is down: every post fails with 500 while the visitor qualifies.
    const down = await fakeSlack();
    down.failNext('chat.postMessage', ...Array.from({ length: 1_000 }, () => ({ status: 500 as const })));
    const first = await appWithSlack(down);
    const client = new BotFrameworkClient(first.url, { locale: 'fr-FR' });
    await client.say('bonjour');
    await converse(client, { ...FRENCH_HOT, email: 'crash.avant.alerte@acme-industrie.fr' });
    const lead = await leadByEmail(first, 'crash.avant.alerte@acme-industrie.fr');
    expect(lead?.stage).toBe('mql');
    await down.waitFor(() => down.callsTo('chat.postMessage').length >= 2, 5_000);
    await first.stop();
    const failedAttempts = down.callsTo('chat.postMessage').length;
    expect(down.messages).toHaveLength(0);

    // Restart on the same data dir with Slack healthy again.
    const up = await fakeSlack();
    const second = await appWithSlack(up, first.dataDir);
    const restartedAt = Date.now();
    expect((await leadById(second, lead!._id)).stage).toBe('mql');
    await up.waitFor(() => alertsFor(up, lead!._id).length > 0, 10_000);
    console.info(`[e2e-slack] alert delivered ${Date.now() - restartedAt} ms after the restart (${failedAttempts} failed attempts before the stop)`);
    // Give the worker and the reconciler time to (wrongly) post again.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(alertsFor(up, lead!._id)).toHaveLength(1);
    expect(up.channelMessages(SALES_CHANNEL)).toHaveLength(1);
    expect(down.callsTo('chat.postMessage')).toHaveLength(failedAttempts);
  });

  it('posts the alert exactly once when the bot process is killed (SIGKILL) right after Slack accepted it', async () => {
    const slack = await fakeSlack();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-e2e-kill-'));
    const app = await spawnApp(dataDir, slack.url);
    // The first post fails (500), so the retry comes well after the visitor's last turn has been answered;
    // the retry reaches Slack, which keeps the message, and the bot dies before it can record the delivery.
    slack.failNext('chat.postMessage', { status: 500 });
    let killedAt = 0;
    slack.hooks.set('chat.postMessage', (call) => {
      if (call.args.channel !== SALES_CHANNEL || killedAt) return;
      killedAt = Date.now();
      app.child.kill('SIGKILL');
    });
    const email = 'tue.apres.envoi@acme-industrie.fr';
    const client = new BotFrameworkClient(app.url, { locale: 'fr-FR' });
    await client.say('bonjour');
    await converse(client, { ...FRENCH_HOT, email });
    expect(await app.exited).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThan(0);
    expect(slack.channelMessages(SALES_CHANNEL)).toHaveLength(1);
    slack.hooks.delete('chat.postMessage');

    // Restart on the same data dir (the dead process's lock goes stale first), Slack healthy.
    const historyCalls = slack.callsTo('conversations.history').length;
    const restartStartedAt = Date.now();
    const restarted = await appWithSlack(slack, dataDir);
    const reopenedMs = Date.now() - restartStartedAt;
    const lead = await leadByEmail(restarted, email);
    expect(lead?.stage).toBe('mql');
    expect(slack.channelMessages(SALES_CHANNEL)[0]?.metadata?.event_payload.key).toBe(leadAlertKey(lead!._id, 'qualified'));
    // The restarted worker takes the item over once the dead one's lease expires, finds the alert in the
    // channel history (message metadata carries the key) and does not post it again. On FerretDB the dead
    // process may have been killed holding the item's write lock, which is taken over once stale.
    await slack.waitFor(() => slack.callsTo('conversations.history').length > historyCalls, STALE_LOCK_MS + 10_000);
    const reconciledMs = Date.now() - restartStartedAt;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    console.info(`[e2e-slack] after SIGKILL: app serving again in ${reopenedMs} ms (stale lock), alert found in history ${reconciledMs} ms after the restart`);
    expect(alertsFor(slack, lead!._id)).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage').filter((c) => c.args.channel === SALES_CHANNEL)).toHaveLength(2);
  }, 60_000);
});
