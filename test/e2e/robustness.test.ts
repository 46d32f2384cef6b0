/**
 * Bad input gets a clear answer and loses nothing: malformed requests, hostile answers,
 * concurrent turns, and a server killed mid-conversation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '../../core/lead/model.js';
import { BotFrameworkClient } from '../support/bf-client.js';
import { startApp, type RunningApp } from '../support/app-harness.js';
import { testMongoUri } from '../support/test-store.js';
import { FRENCH_HOT, converse } from './answers.js';

let running: RunningApp;

beforeAll(async () => {
  running = await startApp();
});
afterAll(async () => {
  await running.dispose();
});

async function atEmailPrompt(locale = 'fr-FR'): Promise<BotFrameworkClient> {
  const client = new BotFrameworkClient(running.url, { locale });
  await client.say('bonjour');
  await client.say('oui');
  await client.say('Jean Dupont');
  expect(client.prompt?.slot).toBe('email');
  return client;
}

describe('/api/messages rejects malformed requests cleanly', () => {
  const client = (): BotFrameworkClient => new BotFrameworkClient(running.url);

  it('400 on invalid JSON, 415 on a non-JSON type, 413 on an oversized body', async () => {
    const bad = await client().raw('{"type": "message", ');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    const text = await fetch(`${running.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(text.status).toBe(415);
    const huge = await client().raw({ type: 'message', text: 'x'.repeat(200_000), conversation: { id: 'c' }, from: { id: 'u' }, deliveryMode: 'expectReplies' });
    expect(huge.status).toBe(413);
  });

  it('400 with the offending field when the activity is malformed', async () => {
    for (const body of [[], 'null', { text: 'no type' }, { type: 'message', conversation: 'nope', from: { id: 'u' } }, { type: 'message', conversation: { id: { $gt: '' } }, from: { id: 'u' }, deliveryMode: 'expectReplies' }]) {
      const res = await client().raw(body);
      expect(res.status).toBe(400);
      const error = ((await res.json()) as { error: { code: string; message: string } }).error;
      expect(error.message.length).toBeGreaterThan(5);
    }
  });

  it('refuses a non-http serviceUrl', async () => {
    const res = await client().raw({ type: 'message', text: 'hi', conversation: { id: 'c1' }, from: { id: 'u1' }, serviceUrl: 'file:///etc/passwd' });
    expect(res.status).toBe(400);
  });
});

describe('hostile answers are re-asked, never stored', () => {
  it.each([
    ['an invalid e-mail', 'jean.dupont@@exemple'],
    ['an empty message', ''],
    ['a 10 kB message', 'a'.repeat(10_240)],
    ['emoji only', '🙂🚀🔥'],
    ['HTML', '<img src=x onerror=alert(1)>'],
    ['a query operator', '{"$gt": ""}'],
  ])('e-mail prompt answered with %s → re-asked', async (_label, answer) => {
    const client = await atEmailPrompt();
    await client.say(answer);
    expect(client.prompt?.slot).toBe('email');
    expect(client.lastText.length).toBeGreaterThan(0);
  });

  it('an invalid phone is re-asked, then the optional phone is skipped gracefully', async () => {
    const client = await atEmailPrompt();
    await client.say('jean.dupont.phone@exemple-pro.fr');
    expect(client.prompt?.slot).toBe('phone');
    await client.say('12');
    expect(client.prompt?.slot).toBe('phone');
    await client.say('pas de numéro valide ici');
    expect(client.prompt?.slot).toBe('company');
  });

  it('HTML and operators given as a name are stored as plain text or refused — never interpreted', async () => {
    const client = new BotFrameworkClient(running.url, { locale: 'fr-FR' });
    await client.say('bonjour');
    await converse(client, { ...FRENCH_HOT, name: '<b>Zoé</b> Durand', email: 'zoe.durand@exemple-html.fr', company: '{"$gt": ""}' });
    const res = await running.admin('/api/leads?email=zoe.durand@exemple-html.fr');
    const { items } = (await res.json()) as { items: Lead[] };
    expect(items).toHaveLength(1);
    expect(items[0]!.name ?? '').not.toMatch(/<b>/);
    expect(typeof items[0]!.company === 'string' || items[0]!.company === undefined).toBe(true);
  });

  it('two answers sent at once on one conversation are both handled, state stays consistent', async () => {
    const client = await atEmailPrompt();
    const [a, b] = await Promise.all([client.say('parallele.un@exemple.fr'), client.say('06 11 22 33 44')]);
    expect(a.length + b.length).toBeGreaterThan(0);
    // The server serialises the two turns in arrival order, which the client does not choose:
    // the phone may reach the e-mail prompt first and be re-asked. Answer whatever is asked next.
    const answers: Record<string, string> = { email: 'parallele.un@exemple.fr', phone: '06 11 22 33 44', company: 'Société Parallèle' };
    await client.say(answers.company!);
    for (let turn = 0; turn < 3 && client.prompt?.slot && client.prompt.slot in answers; turn++) {
      await client.say(answers[client.prompt.slot]!);
    }
    expect(Object.keys(answers)).not.toContain(client.prompt?.slot);
    // Whatever the interleaving, the conversation went on and the e-mail is stored exactly once.
    const res = await running.admin('/api/leads?email=parallele.un@exemple.fr');
    expect(((await res.json()) as { total: number }).total).toBe(1);
  });
});

describe('admin API', () => {
  it('401 without or with a wrong token, 400 on bad filters, 404 on unknown ids', async () => {
    expect((await fetch(`${running.url}/api/leads`)).status).toBe(401);
    expect((await fetch(`${running.url}/api/leads`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await running.admin('/api/leads?stage=hacked')).status).toBe(400);
    expect((await running.admin('/api/leads?minScore=abc')).status).toBe(400);
    expect((await running.admin('/api/leads?limit=100000')).status).toBe(400);
    expect((await running.admin('/api/leads?email[$gt]=')).status).toBe(400);
    expect((await running.admin('/api/leads/does-not-exist')).status).toBe(404);
  });

  it('exports CSV with formula injection neutralised and reports the funnel', async () => {
    const client = new BotFrameworkClient(running.url, { locale: 'fr-FR' });
    await client.say('bonjour');
    await converse(client, { ...FRENCH_HOT, email: 'csv@exemple-csv.fr', company: '=HYPERLINK("http://evil")' });
    const csv = await running.admin('/api/leads.csv?email=csv@exemple-csv.fr');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const body = await csv.text();
    expect(body).toContain('csv@exemple-csv.fr');
    expect(body).not.toMatch(/(^|,)=HYPERLINK/m);
    const funnel = (await (await running.admin('/api/funnel')).json()) as { stages: Record<string, number> };
    expect((funnel.stages.mql ?? 0) + (funnel.stages.mcl ?? 0)).toBeGreaterThan(0);
  });

  it('/healthz says which store is live', async () => {
    const res = await fetch(`${running.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', store: testMongoUri() ? 'mongodb' : 'embedded' });
  });
});

describe('restart mid-conversation', () => {
  it('resumes exactly where the visitor was after the server is stopped and started again', async () => {
    const first = await startApp();
    const client = new BotFrameworkClient(first.url, { locale: 'fr-FR' });
    await client.say('bonjour');
    await client.say('oui');
    await client.say('Paul Restart');
    await client.say('paul.restart@exemple-reprise.fr');
    expect(client.prompt?.slot).toBe('phone');
    await first.stop();

    const second = await startApp({ dataDir: first.dataDir });
    try {
      const resumed = new BotFrameworkClient(second.url, { locale: 'fr-FR', userId: client.userId, conversationId: client.conversationId });
      await resumed.say('07 98 76 54 32');
      expect(resumed.prompt?.slot).toBe('company');
      const asked = await converse(resumed, FRENCH_HOT);
      expect(asked).not.toContain('name');
      const res = await second.admin('/api/leads?email=paul.restart@exemple-reprise.fr');
      const { items } = (await res.json()) as { items: Lead[] };
      expect(items[0]).toMatchObject({ name: 'Paul Restart', phone: '+33798765432' });
    } finally {
      await second.dispose();
    }
  });
});
