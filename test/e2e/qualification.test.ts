/**
 * The whole product through the Bot Framework protocol: a visitor goes from "hello" to a stored,
 * scored lead, in French and English, and the lead is read back through the admin API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '../../core/lead/model.js';
import { BotFrameworkClient } from '../support/bf-client.js';
import { startApp, type RunningApp } from '../support/app-harness.js';
import { ENGLISH_WARM, FRENCH_HOT, converse } from './answers.js';

let running: RunningApp;

beforeAll(async () => {
  running = await startApp();
});
afterAll(async () => {
  await running.dispose();
});

async function leadByEmail(email: string): Promise<Lead | undefined> {
  const res = await running.admin(`/api/leads?email=${encodeURIComponent(email)}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { items: Lead[]; total: number };
  expect(body.total).toBeLessThanOrEqual(1);
  return body.items[0];
}

describe('qualification over /api/messages (expectReplies)', () => {
  it('greets in French, asks consent first, and every question carries its slot', async () => {
    const client = new BotFrameworkClient(running.url, { locale: 'fr-FR' });
    const replies = await client.conversationUpdate();
    expect(replies.length).toBeGreaterThan(0);
    expect(client.lastText).toMatch(/Bonjour/);
    expect(client.prompt).toMatchObject({ slot: 'consent', kind: 'confirm' });
    const asking = replies.filter((r) => r.inputHint === 'expectingInput');
    expect(asking).toHaveLength(1);
    expect(asking[0]!.suggestedActions?.actions.length).toBeGreaterThanOrEqual(2);
  });

  it('takes a French visitor from hello to a stored, scored, qualified lead', async () => {
    const client = new BotFrameworkClient(running.url, { locale: 'fr-FR' });
    await client.say('bonjour');
    const asked = await converse(client, FRENCH_HOT);
    expect(asked.slice(0, 5)).toEqual(['consent', 'name', 'email', 'phone', 'company']);
    expect(asked).toEqual(expect.arrayContaining(['project', 'timeline', 'motivation', 'budget', 'role']));
    expect(client.lastText).toMatch(/Camille/);

    const lead = await leadByEmail('camille.martin@acme-industrie.fr');
    expect(lead).toBeDefined();
    expect(lead).toMatchObject({
      name: 'Camille Martin',
      email: 'camille.martin@acme-industrie.fr',
      phone: '+33612345678',
      company: 'Acme Industrie',
      channel: 'emulator',
      consent: { given: true },
    });
    expect(lead!.timeline?.bucket).toBe('now');
    expect(lead!.motivation?.category).toBe('replace');
    expect(lead!.budget).toMatchObject({ amount: 30000, currency: 'EUR' });
    expect(lead!.role).toBe('decision-maker');
    expect(lead!.project?.text).toBeTruthy();
    expect(lead!.score).toBeGreaterThan(0);
    expect(lead!.score).toBeLessThanOrEqual(100);
    expect(lead!.scoreBreakdown.length).toBeGreaterThan(0);
    expect(lead!.stage).toBe('mql');
    expect(lead!.history.map((h) => h.stage)).toEqual(expect.arrayContaining(['mcl', 'mql']));
    // What was said is kept, with the slot each question asked.
    const transcript = await running.app.store.transcripts.list(client.conversationId);
    expect(transcript.filter((e) => e.from === 'user').map((e) => e.text)).toEqual(client.transcript.filter((e) => e.from === 'user').map((e) => e.text));
    expect(transcript.filter((e) => e.from === 'bot' && e.slot).map((e) => e.slot)).toEqual(asked);
    // The lead is readable by id too.
    const byId = await running.admin(`/api/leads/${lead!._id}`);
    expect(byId.status).toBe(200);
    expect(((await byId.json()) as Lead).email).toBe(lead!.email);
  });

  it('speaks English when the activity says so and stores normalised values', async () => {
    const client = new BotFrameworkClient(running.url, { locale: 'en-GB' });
    await client.say('hello');
    expect(client.lastText).toMatch(/welcome/i);
    await converse(client, ENGLISH_WARM);
    const lead = await leadByEmail('john.oneil@globex.co.uk');
    expect(lead).toMatchObject({ name: "John O'Neil", phone: '+442079460958', company: 'Globex Ltd', locale: 'en' });
    expect(lead!.timeline?.bucket).toBe('3-6m');
    expect(lead!.motivation?.category).toBe('growth');
    expect(lead!.budget).toMatchObject({ amount: 5000, currency: 'USD', period: 'month' });
    expect(['mcl', 'mql']).toContain(lead!.stage);
  });

  it('falls back to French when the channel sends no locale and the words are French', async () => {
    const client = new BotFrameworkClient(running.url);
    await client.say('Bonjour, je cherche un CRM');
    expect(client.lastText).toMatch(/Bonjour/);
  });

  it('stores nothing personal when consent is declined', async () => {
    const client = new BotFrameworkClient(running.url, { locale: 'fr-FR' });
    await client.say('bonjour');
    await client.say('non merci');
    expect(client.prompt).toBeUndefined();
    expect(client.lastText).toMatch(/rien/);
    const res = await running.admin(`/api/leads?channel=emulator&limit=200`);
    const { items } = (await res.json()) as { items: Lead[] };
    expect(items.some((l) => l.visitorIds.includes(`emulator:${client.userId}`))).toBe(false);
  });

  it('recognises a returning visitor and never asks again what is known', async () => {
    const first = new BotFrameworkClient(running.url, { locale: 'fr-FR' });
    await first.say('bonjour');
    await converse(first, { ...FRENCH_HOT, email: 'revient@exemple-pme.fr', name: 'Lucie Bernard' });
    const again = new BotFrameworkClient(running.url, { locale: 'fr-FR', userId: first.userId });
    await again.say('re-bonjour');
    expect(again.lastText).toMatch(/Lucie/);
    const asked = await converse(again, FRENCH_HOT);
    for (const slot of ['consent', 'name', 'email', 'company', 'project', 'timeline', 'motivation', 'role']) {
      expect(asked).not.toContain(slot);
    }
    const lead = await leadByEmail('revient@exemple-pme.fr');
    expect(lead!.visitorIds).toEqual([`emulator:${first.userId}`]);
  });

  it('merges two channels of the same person on e-mail instead of duplicating the lead', async () => {
    const web = new BotFrameworkClient(running.url, { locale: 'fr-FR', channelId: 'webchat' });
    await web.say('bonjour');
    await converse(web, { ...FRENCH_HOT, email: 'meme.personne@exemple.fr' });
    const teams = new BotFrameworkClient(running.url, { locale: 'fr-FR', channelId: 'msteams' });
    await teams.say('bonjour');
    await converse(teams, { ...FRENCH_HOT, email: 'Meme.Personne@exemple.fr', company: 'Nouvelle Société' });
    const lead = await leadByEmail('meme.personne@exemple.fr');
    expect(lead!.visitorIds.sort()).toEqual([`msteams:${teams.userId}`, `webchat:${web.userId}`].sort());
    expect(lead!.company).toBe('Nouvelle Société');
  });
});
