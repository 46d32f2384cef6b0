/**
 * Two real server processes over one MongoDB database (FerretDB in CI), behind no sticky load
 * balancer: a visitor's turns alternate between them over /api/messages, both Slack outbox
 * workers run against one local stand-in for Slack's Web API, widget streams are opened on both,
 * and the web rate limits are one budget for both.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { WidgetMessage } from '../../adapters/web/protocol.js';
import type { Lead } from '../../core/lead/model.js';
import { leadAlertKey } from '../../bot/outbox/lead-alert.js';
import { ENGLISH_WARM, FRENCH_HOT, type Answers } from '../e2e/answers.js';
import { answerFor } from '../e2e/choose-answer.js';
import { SALES_CHANNEL } from '../e2e-slack/slack-app-env.js';
import { FakeSlackApi } from '../slack/support/fake-slack-api.js';
import { ADMIN_TOKEN } from '../support/app-harness.js';
import { BotFrameworkClient } from '../support/bf-client.js';
import { spawnApp, type SpawnedApp } from '../support/spawn-app.js';
import { databaseFor, dropTestDatabase, testMongoUri } from '../support/test-store.js';
import { followSse, readSse, type SseEvent, type SseFollower } from '../web/sse-client.js';

/** Visitor budget of the test widget config, shared by both processes. */
const VISITOR_POINTS = 30;
const id = (): string => randomBytes(12).toString('hex');
/** The hot lead's closing line (dialogs/scripts/qualification.yaml, closing.hot) ends a conversation. */
const CLOSING_HOT = /^Merci Camille, votre projet nous intéresse/;

let slack: FakeSlackApi;
let dataDir: string;
let mongo: MongoClient;
let apps: SpawnedApp[] = [];

beforeAll(async () => {
  slack = await FakeSlackApi.start();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-two-processes-'));
  const widget = parse(await readFile(new URL('../../config/widget.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;
  const widgetFile = path.join(dataDir, 'widget.yaml');
  await writeFile(
    widgetFile,
    stringify({ ...widget, rateLimits: { visitor: { points: VISITOR_POINTS, durationSec: 600 }, ip: { points: 10_000, durationSec: 60 } }, replicas: { pollIntervalMs: 100, gapGraceMs: 3000 } }),
  );
  apps = await Promise.all([0, 1].map(() => spawnApp(dataDir, slack.url, { LEADQ_TEST_WIDGET_CONFIG: widgetFile })));
  mongo = await MongoClient.connect(testMongoUri()!);
}, 120_000);

afterAll(async () => {
  await Promise.all(apps.map((app) => app.kill()));
  await mongo?.close();
  await slack?.close();
  await dropTestDatabase(dataDir);
  await rm(dataDir, { recursive: true, force: true });
});

const db = () => mongo.db(databaseFor(dataDir));

async function leadByEmail(baseUrl: string, email: string): Promise<Lead> {
  const res = await fetch(`${baseUrl}/api/leads?email=${encodeURIComponent(email)}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const body = (await res.json()) as { items: Lead[]; total: number };
  expect(body.total).toBe(1);
  return body.items[0]!;
}

/** One visitor, every turn posted to the other process than the previous one; returns the slots asked, in order. */
async function converseAlternating(answers: Answers, locale: string): Promise<string[]> {
  const ids = { userId: `user-${id()}`, conversationId: id(), locale };
  const clients = apps.map((app) => new BotFrameworkClient(app.url, ids));
  await clients[0]!.say(locale.startsWith('fr') ? 'bonjour' : 'hello');
  const asked: string[] = [];
  for (let turn = 1; turn <= 40; turn++) {
    const prompt = clients[(turn - 1) % 2]!.prompt;
    if (!prompt) return asked;
    asked.push(prompt.slot);
    await clients[turn % 2]!.say(answerFor(answers, prompt.slot, prompt.choices?.map((c) => c.label) ?? []).text);
  }
  throw new Error(`conversation did not end; asked ${asked.join(', ')}`);
}

function personas(count: number, prefix: string): { answers: Answers; locale: string; email: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const french = i % 2 === 0;
    const email = `${prefix}.${i}.${id().slice(0, 6)}@${french ? 'acme-industrie.fr' : 'globex.co.uk'}`;
    return { answers: { ...(french ? FRENCH_HOT : ENGLISH_WARM), email }, locale: french ? 'fr-FR' : 'en-GB', email };
  });
}

describe('two server processes over one MongoDB database', () => {
  it("a visitor's turns alternating between the processes: every question asked once, none lost, every answer stored", async () => {
    const visitors = personas(4, 'alternating');
    const asked = await Promise.all(visitors.map((v) => converseAlternating(v.answers, v.locale)));
    for (const [i, slots] of asked.entries()) {
      expect(new Set(slots).size).toBe(slots.length);
      expect(slots.slice(0, 5)).toEqual(['consent', 'name', 'email', 'phone', 'company']);
      expect(slots).toEqual(expect.arrayContaining(['project', 'timeline', 'motivation', 'budget', 'role']));
      const lead = await leadByEmail(apps[i % 2]!.url, visitors[i]!.email);
      expect(lead.company).toBe(visitors[i]!.answers.company);
      expect(lead.phone).toMatch(/^\+\d{8,15}$/);
      expect(lead.budget?.amount).toBeGreaterThan(0);
      expect(lead.role).toBe('decision-maker');
    }
    // Each lead was written by both processes in turn, yet there is one lead per visitor.
    expect(await db().collection('leads').countDocuments({ email: { $in: visitors.map((v) => v.email) } })).toBe(visitors.length);
  }, 120_000);

  it('qualified leads are alerted in Slack exactly once while both outbox workers run', async () => {
    const visitors = personas(6, 'alert').map((v) => ({ ...v, answers: { ...FRENCH_HOT, email: v.email }, locale: 'fr-FR' }));
    await Promise.all(visitors.map((v) => converseAlternating(v.answers, v.locale)));
    const leads = await Promise.all(visitors.map((v) => leadByEmail(apps[0]!.url, v.email)));
    expect(leads.map((lead) => lead.stage)).toEqual(visitors.map(() => 'mql'));
    const keys = leads.map((lead) => leadAlertKey(lead._id, 'qualified'));
    const outbox = db().collection<{ _id: string; status: string }>('outbox');
    // Settled: every alert delivered, none still pending or held under a lease.
    await expect.poll(async () => (await outbox.find({ _id: { $in: keys } }).toArray()).map((item) => item.status), { timeout: 20_000, interval: 200 }).toEqual(keys.map(() => 'done'));
    const posted = slack.channelMessages(SALES_CHANNEL).map((m) => m.metadata?.event_payload.key);
    for (const key of keys) expect(posted.filter((k) => k === key)).toHaveLength(1);
  }, 120_000);

  it('widget streams open on both processes get every message once, in order, while answers alternate between them', async () => {
    const conversationId = id();
    const visitorId = id();
    const eventsUrl = (app: SpawnedApp) => `${app.url}/api/web/conversations/${conversationId}/events?visitorId=${visitorId}&after=0`;
    const post = async (app: SpawnedApp, route: string, body: Record<string, unknown>) => {
      const res = await fetch(`${app.url}/api/web/conversations/${conversationId}/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ visitorId, clientMessageId: id(), ...body }) });
      expect(res.status).toBe(202);
      return (await res.json()) as { seq?: number };
    };
    const streams: SseFollower[] = apps.map((app) => followSse(eventsUrl(app)));
    try {
      await Promise.all(streams.map((s) => s.waitFor((events) => events.some((e) => e.event === 'ready'))));
      const messages = (events: SseEvent[]) => events.filter((e) => e.event === 'message').map((e) => e.data as WidgetMessage);
      /** The bot's next question after `seq`, or its closing line, once both streams have it. */
      const nextQuestion = async (seq: number) => {
        const next = (ev: SseEvent[]) => messages(ev).find((m) => m.seq > seq && (m.prompt || CLOSING_HOT.test(m.text)));
        const [events] = await Promise.all(streams.map((s) => s.waitFor((ev) => next(ev) !== undefined, 15_000)));
        return next(events!)!;
      };
      await post(apps[0]!, 'start', { locale: 'fr' });
      let question = await nextQuestion(0);
      const sent: string[] = [];
      for (let turn = 1; question.prompt; turn++) {
        const text = answerFor(FRENCH_HOT, question.prompt.slot, question.prompt.choices ?? []).text;
        sent.push(text);
        const { seq } = await post(apps[turn % 2]!, 'messages', { text });
        question = await nextQuestion(seq!);
      }
      expect(question.text).toMatch(CLOSING_HOT);
      // What the store holds now, replayed from scratch: both live streams carry exactly that, once and in order.
      const stored = messages(await readSse(eventsUrl(apps[0]!), { until: (ev) => ev.some((e) => e.event === 'ready'), timeoutMs: 10_000 }));
      expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
      expect(stored.filter((m) => m.from === 'user').map((m) => m.text)).toEqual(sent);
      for (const stream of streams) {
        const live = messages(await stream.waitFor((ev) => messages(ev).length >= stored.length, 15_000));
        expect(live.slice(0, stored.length).map((m) => [m.seq, m.from, m.text])).toEqual(stored.map((m) => [m.seq, m.from, m.text]));
        expect(new Set(live.map((m) => m.seq)).size).toBe(live.length);
        expect(live.map((m) => m.seq)).toEqual(live.map((_, i) => i + 1));
      }
    } finally {
      streams.forEach((s) => s.close());
    }
  }, 120_000);

  it("a visitor's rate limit is one budget for both processes", async () => {
    const behaviour = (app: SpawnedApp, visitorId: string) =>
      fetch(`${app.url}/api/web/behaviour`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ visitorId, events: [{ name: 'page_view' }] }) }).then(async (res) => {
        await res.arrayBuffer();
        return res.status;
      });
    // Each process connects its limiter in the background: wait until both count in the database.
    const budgets = db().collection('web_rate_limits');
    for (const app of apps) {
      await expect
        .poll(async () => {
          const probe = id();
          expect(await behaviour(app, probe)).toBe(202);
          return budgets.countDocuments({ key: `web-visitor:${probe}` });
        }, { timeout: 30_000, interval: 250 })
        .toBe(1);
    }
    const visitorId = id();
    const statuses: number[] = [];
    for (let i = 0; i <= VISITOR_POINTS; i++) statuses.push(await behaviour(apps[i % 2]!, visitorId));
    // Per-process budgets would allow twice as many.
    expect(statuses).toEqual([...Array(VISITOR_POINTS).fill(202), 429]);
  }, 90_000);
});
