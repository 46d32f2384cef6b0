/**
 * Live hand-off over HTTP (no browser): the real app, the widget channel's protocol, signed Slack
 * requests into the real Bolt receiver and the fake Web API. Mid-script requests for a person,
 * Slack retries, a restart in the middle, the second rep, and hostile input.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { buttonClick, eventCallback, sendToSlackEndpoint, slashCommand } from '../slack/support/slack-requests.js';
import { leadByVisitorId } from '../e2e-web/admin-leads.js';
import {
  actionValue,
  click,
  messageWithAction,
  OTHER_REP,
  REP,
  SALES_CHANNEL,
  startHandoffApp,
  threadMessage,
  WebVisitor,
  type HandoffApp,
  type StreamMessage,
  teamYaml,
} from './handoff-harness.js';
import type { FakeMessage } from '../slack/support/fake-slack-api.js';

let app: HandoffApp | undefined;
const visitors: WebVisitor[] = [];
afterEach(async () => {
  for (const visitor of visitors.splice(0)) visitor.disconnect();
  await app?.dispose();
  app = undefined;
});

function track(visitor: WebVisitor): WebVisitor {
  visitors.push(visitor);
  return visitor;
}

type History = StreamMessage[];
const agentTexts = (h: History) => h.filter((m) => m.from === 'agent').map((m) => m.text);
const lastPromptSlot = (h: History) => h.filter((m) => m.from === 'bot' && m.prompt).at(-1)?.prompt?.slot;
/** The conversation ends on the bot asking for `slot` (a question asked again shows as a new message). */
const endsAsking = (h: History, slot: string) => h.at(-1)?.from === 'bot' && h.at(-1)?.prompt?.slot === slot;

/** A visitor who consents, then asks for a person while the bot waits for their name; resolves with the request alert. */
async function visitorAsksForPerson(handoff: HandoffApp, visitor: WebVisitor): Promise<FakeMessage> {
  await visitor.start();
  await visitor.waitFor((h) => lastPromptSlot(h) === 'consent');
  await visitor.say('oui');
  await visitor.waitFor((h) => lastPromptSlot(h) === 'name');
  await visitor.say("je veux parler à quelqu'un");
  await visitor.waitFor((h) => h.some((m) => m.from === 'bot' && m.text.includes("Je préviens l'équipe commerciale")));
  return handoff.slack.waitFor(() => messageWithAction(handoff.slack, 'join_conversation', (m) => (m.text ?? '').includes('asks to talk to someone')), 10_000);
}

async function joined(handoff: HandoffApp, visitor: WebVisitor, alert: FakeMessage): Promise<void> {
  expect(await click(handoff, REP, 'join_conversation', alert)).toBe(200);
  await visitor.waitFor((h) => agentTexts(h).includes("Camille de l'équipe commerciale a rejoint la conversation"));
}

describe('asking for a person mid-script', () => {
  it('alerts reps with a Join button; the rep talks through the thread; /leads leave makes the bot ask its pending question again', async () => {
    app = await startHandoffApp();
    const visitor = track(new WebVisitor(app));
    const alert = await visitorAsksForPerson(app, visitor);
    expect(alert.channel).toBe(SALES_CHANNEL);
    expect(alert.text).toContain('asks to talk to someone');
    await joined(app, visitor, alert);

    await threadMessage(app, REP, alert.ts, 'Bonjour, que puis-je pour vous ?');
    await visitor.waitFor((h) => agentTexts(h).includes('Bonjour, que puis-je pour vous ?'));
    await visitor.say('Je cherche un CRM');
    await app.slack.waitFor(() => app!.slack.callsTo('chat.postMessage').find((c) => c.args.thread_ts === alert.ts && String(c.args.text).includes('Je cherche un CRM')));

    const res = await sendToSlackEndpoint(app.running.url, slashCommand(REP, `leave web:${visitor.conversationId}`));
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('handed the visitor back to the bot');
    const after = await visitor.waitFor((h) => (agentTexts(h).some((t) => t.startsWith('Camille a quitté')) && endsAsking(h, 'name') ? h : undefined));
    // Nothing from the bot while the rep was in: the only bot lines after the request are the acknowledgement and the re-asked question.
    const requestAt = after.findIndex((m) => m.text.includes("Je préviens l'équipe"));
    expect(after.slice(requestAt + 1).filter((m) => m.from === 'bot')).toHaveLength(1);
    expect(after.at(-1)).toMatchObject({ from: 'bot', prompt: { slot: 'name' } });

    // Back with the bot: the next answer goes to the script again.
    await visitor.say("je m'appelle Jeanne Dupont");
    await visitor.waitFor((h) => lastPromptSlot(h) === 'email');
  });

  it('tells a second rep who is already in, ephemerally, and ignores what other people write in the thread', async () => {
    app = await startHandoffApp();
    const visitor = track(new WebVisitor(app));
    const alert = await visitorAsksForPerson(app, visitor);
    await joined(app, visitor, alert);
    expect(await click(app, OTHER_REP, 'join_conversation', alert)).toBe(200);
    const ephemeral = await app.slack.waitFor(() => app!.slack.callsTo('chat.postEphemeral').find((c) => c.args.user === OTHER_REP));
    expect(String(ephemeral.args.text)).toContain(`<@${REP}> is already in this conversation`);

    await threadMessage(app, OTHER_REP, alert.ts, 'note interne : client connu');
    await threadMessage(app, REP, alert.ts, 'Je suis là.');
    const history = await visitor.waitFor((h) => (agentTexts(h).includes('Je suis là.') ? h : undefined));
    expect(agentTexts(history)).not.toContain('note interne : client connu');
  });
});

describe('reliability', () => {
  it('delivers a rep message once when Slack retries the event (same event_id) or re-delivers the message', async () => {
    app = await startHandoffApp();
    const visitor = track(new WebVisitor(app));
    const alert = await visitorAsksForPerson(app, visitor);
    await joined(app, visitor, alert);
    const event = { type: 'message', channel: SALES_CHANNEL, channel_type: 'channel', user: REP, text: 'Une seule fois', ts: '1764000000.000777', thread_ts: alert.ts };
    const first = await sendToSlackEndpoint(app.running.url, eventCallback(event, 'EvOnce1'));
    const retry = await sendToSlackEndpoint(app.running.url, eventCallback(event, 'EvOnce1'), { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    const redelivered = await sendToSlackEndpoint(app.running.url, eventCallback(event, 'EvOnce2'));
    expect([first.status, retry.status, redelivered.status]).toEqual([200, 200, 200]);
    await threadMessage(app, REP, alert.ts, 'Et la suite');
    const history = await visitor.waitFor((h) => (agentTexts(h).includes('Et la suite') ? h : undefined));
    expect(agentTexts(history).filter((t) => t === 'Une seule fois')).toHaveLength(1);
  });

  it('keeps a hand-off in place across a restart, and a visitor who comes back finds the rep messages', async () => {
    app = await startHandoffApp();
    const visitor = track(new WebVisitor(app));
    const alert = await visitorAsksForPerson(app, visitor);
    await joined(app, visitor, alert);
    await app.restart();
    visitor.disconnect();

    await threadMessage(app, REP, alert.ts, 'Toujours là après le redémarrage');
    await visitor.say('Moi aussi');
    await app.slack.waitFor(() => app!.slack.callsTo('chat.postMessage').find((c) => c.args.thread_ts === alert.ts && String(c.args.text).includes('Moi aussi')), 10_000);
    // A fresh stream (the tab was closed) replays everything, the rep's lines with name and avatar.
    const history = await visitor.waitFor((h) => (agentTexts(h).includes('Toujours là après le redémarrage') && h.some((m) => m.text === 'Moi aussi') ? h : undefined));
    expect(history.find((m) => m.text === 'Toujours là après le redémarrage')).toMatchObject({ from: 'agent', agent: { name: 'Camille' } });
    expect(history.filter((m) => m.from === 'bot' && m.seq > history.find((x) => x.text === 'Moi aussi')!.seq)).toHaveLength(0);
  });
});

describe('nobody joins', () => {
  it('after the configured delay offers call-back slots and records the chosen one on the lead, in Slack and in the CRM webhook', async () => {
    // A CRM endpoint: the chosen slot reaches it in a lead.updated webhook.
    const received: { type: string; data?: { properties?: Record<string, unknown> } }[] = [];
    const crm = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as (typeof received)[number]);
        res.writeHead(200);
        res.end();
      });
    });
    await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => crm.close(() => resolve())));
    const crmUrl = `http://127.0.0.1:${(crm.address() as AddressInfo).port}/hook`;
    app = await startHandoffApp({
      team: teamYaml({ hours: '["00:00-23:59"]', joinTimeoutSeconds: 1 }),
      env: { WEBHOOK_URLS: crmUrl, WEBHOOK_SECRET: 'handoff-webhook-secret-0123456789' },
      overrides: { webhooks: { pollIntervalMs: 50 } },
    });
    const visitor = track(new WebVisitor(app));
    await visitor.start();
    await visitor.waitFor((h) => lastPromptSlot(h) === 'consent');
    await visitor.say('oui');
    await visitor.waitFor((h) => lastPromptSlot(h) === 'name');
    await visitor.say('Jeanne Dupont');
    await visitor.waitFor((h) => lastPromptSlot(h) === 'email');
    await visitor.say('jeanne.dupont@handoff-timeout.fr');
    await visitor.waitFor((h) => lastPromptSlot(h) === 'phone');
    await visitor.say('talk to a human');
    const offer = await visitor.waitFor((h) => h.find((m) => m.from === 'bot' && m.prompt?.slot === 'callback'));
    expect(offer.text).toContain("personne de l'équipe commerciale n'est disponible");
    const choices = (offer.quickReplies ?? []).map((r) => r.title);
    expect(choices).toHaveLength(4);
    expect(choices.at(-1)).toBe('Non merci');

    await visitor.say(choices[0]!);
    const after = await visitor.waitFor((h) => (h.some((m) => m.text.startsWith("C'est noté")) && endsAsking(h, 'phone') ? h : undefined));
    expect(after.find((m) => m.text.startsWith("C'est noté"))!.text).toContain(choices[0]!);
    const lead = await leadByVisitorId(app.running, 'web', `web:${visitor.visitorId}`);
    expect(lead?.callback).toMatchObject({ label: choices[0], timezone: 'Europe/Paris' });
    const byId = await (await app.running.admin(`/api/leads/${lead!._id}`)).json();
    expect(byId.callback.label).toBe(choices[0]);
    await app.slack.waitFor(() => app!.slack.messages.find((m) => String(m.text).includes('would like a call back') && String(m.text).includes(choices[0]!)), 10_000);
    const updated = await app.slack.waitFor(() => received.find((hook) => hook.type === 'lead.updated' && hook.data?.properties?.leadq_callback_label === choices[0]), 10_000);
    expect(updated.data?.properties?.leadq_callback_at).toBe(new Date(lead!.callback!.at).toISOString());
  });

  it('outside business hours says so at once, offers slots and still tells sales', async () => {
    app = await startHandoffApp({ team: teamYaml({ hours: '[]', joinTimeoutSeconds: 120 }) });
    const visitor = track(new WebVisitor(app, 'en'));
    await visitor.start();
    await visitor.waitFor((h) => lastPromptSlot(h) === 'consent');
    await visitor.say('speak to someone');
    const offer = await visitor.waitFor((h) => h.find((m) => m.from === 'bot' && m.prompt?.slot === 'callback'));
    expect(offer.text).toBe('Our sales team is not available at this time. Would you like a call back? Pick a slot:');
    const alert = await app.slack.waitFor(() => messageWithAction(app!.slack, 'join_conversation', (m) => (m.text ?? '').includes('outside business hours')));
    expect(actionValue(alert, 'join_conversation')).toBe(JSON.stringify({ conversation: `web:${visitor.conversationId}` }));
    await visitor.say('No thanks');
    await visitor.waitFor((h) => h.some((m) => m.text === "All right, no call back. Let's carry on.") && endsAsking(h, 'consent'));
  });
});

describe('hostile input', () => {
  it('refuses a forged Join, answers an unknown conversation ephemerally, and cuts an oversized rep message', async () => {
    app = await startHandoffApp();
    const visitor = track(new WebVisitor(app));
    const alert = await visitorAsksForPerson(app, visitor);
    const value = actionValue(alert, 'join_conversation')!;
    const forged = await sendToSlackEndpoint(app.running.url, buttonClick(REP, { action_id: 'join_conversation', value }, { channel: SALES_CHANNEL, ts: alert.ts }), { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);

    const unknown = buttonClick(REP, { action_id: 'join_conversation', value: JSON.stringify({ conversation: 'web:nobody-ever-here' }) }, { channel: SALES_CHANNEL, ts: alert.ts });
    expect((await sendToSlackEndpoint(app.running.url, unknown)).status).toBe(200);
    const told = await app.slack.waitFor(() => app!.slack.callsTo('chat.postEphemeral').find((c) => String(c.args.text).includes('cannot be found')));
    expect(told.args.user).toBe(REP);
    const garbage = buttonClick(REP, { action_id: 'join_conversation', value: '{"__proto__":{"x":1}}' }, { channel: SALES_CHANNEL, ts: alert.ts });
    expect((await sendToSlackEndpoint(app.running.url, garbage)).status).toBe(200);
    // Nobody joined through any of these.
    expect(agentTexts(await visitor.history())).toEqual([]);

    await joined(app, visitor, alert);
    const huge = `${'🙂'.repeat(10)}${'x'.repeat(60_000)}`;
    expect((await threadMessage(app, REP, alert.ts, huge)).status).toBe(200);
    const history = await visitor.waitFor((h) => h.find((m) => m.from === 'agent' && m.text.startsWith('🙂')));
    expect(Array.from(history.text)).toHaveLength(4_000);
    expect(history.text.endsWith('…')).toBe(true);
    // A thread the bot never linked to a conversation: nothing happens.
    expect((await threadMessage(app, REP, '1700000000.000001', 'perdu')).status).toBe(200);
    expect(agentTexts(await visitor.history())).not.toContain('perdu');
  });
});
