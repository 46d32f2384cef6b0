/**
 * The conversation-level defects the personas found, fixed and pinned: unit checks on the
 * helpers (with hostile input) and the same situations through /api/messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '../../core/lead/model.js';
import { clearLocale, countryFromTag } from '../../bot/locale.js';
import { parseConfirm, startsWithPhrase } from '../../dialogs/engine/answers.js';
import { BotFrameworkClient } from '../support/bf-client.js';
import { startApp, type RunningApp } from '../support/app-harness.js';

const HOSTILE = ['<script>alert(1)</script>', '😀🔥👍', '{"$gt": ""}', '__proto__', 'constructor', 'x'.repeat(10_240), '', '   '];

describe('yes in chat spellings', () => {
  it.each(['ouai', 'Ouais !', 'ouep', 'yup', 'yea sure', 'no problem', 'No worries', 'pas de souci', 'dac'])('%s is a yes', (text) => {
    expect(parseConfirm(text)).toBe(true);
  });
  it.each(['non', 'no thanks', "pas d'accord", 'nope', 'no'])('%s is still a no', (text) => {
    expect(parseConfirm(text)).toBe(false);
  });
  it.each(HOSTILE)('hostile %j is neither', (text) => {
    expect(parseConfirm(text)).toBeUndefined();
  });
});

describe('skip phrases', () => {
  const skip = ['passer', 'sans', 'no idea', "je ne sais pas", 'n/a'];
  it.each(['no idea tbh', 'No idea.', 'je ne sais pas encore', 'Je ne sais pas', 'N/A', 'passer'])('%s skips', (text) => {
    expect(startsWithPhrase(text, skip)).toBe(true);
  });
  it.each(['sans doute 50k', 'passer à 20k', 'no ideal budget', ...HOSTILE])('%j does not', (text) => {
    expect(startsWithPhrase(text, skip)).toBe(false);
  });
});

describe('the language the visitor clearly writes in', () => {
  it('reads a clear English or French message', () => {
    expect(clearLocale("Hi, do you speak English? I'm looking for a chatbot")).toBe('en');
    expect(clearLocale("Bonjour, je cherche un CRM pour l'équipe")).toBe('fr');
  });
  it('leaves short or mixed messages to the channel', () => {
    expect(clearLocale('Hello')).toBeUndefined();
    expect(clearLocale('Hello, je cherche un CRM pour nous')).toBeUndefined();
    expect(clearLocale('Transports Morel')).toBeUndefined();
  });
  it.each(HOSTILE)('hostile %j says nothing', (text) => {
    expect(clearLocale(text)).toBeUndefined();
  });
  it('takes the phone country from the locale tag region only', () => {
    expect(countryFromTag('en-US')).toBe('US');
    expect(countryFromTag('fr_ca')).toBe('CA');
    expect(countryFromTag('en')).toBeUndefined();
    expect(countryFromTag(undefined)).toBeUndefined();
    expect(countryFromTag('en-<script>')).toBeUndefined();
    expect(countryFromTag('x'.repeat(10_240))).toBeUndefined();
  });
});

describe('through /api/messages', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => {
    await running.dispose();
  });

  async function leadOf(client: BotFrameworkClient): Promise<Lead | undefined> {
    const res = await running.admin('/api/leads?channel=emulator&limit=200');
    const { items } = (await res.json()) as { items: Lead[] };
    return items.find((lead) => lead.visitorIds.includes(`emulator:${client.userId}`));
  }

  it('"ouai" gives consent', async () => {
    const client = new BotFrameworkClient(running.url, { locale: 'fr-FR' });
    await client.say('bjr');
    expect(client.prompt?.slot).toBe('consent');
    await client.say('ouai');
    expect(client.prompt?.slot).toBe('name');
  });

  it('answers an English speaker in English on a French page, and stores locale en', async () => {
    const client = new BotFrameworkClient(running.url, { locale: 'fr-FR' });
    await client.say("Hi, do you speak English? I'm looking for a chatbot");
    expect(client.lastText).toMatch(/welcome/i);
    await client.say('yes');
    expect(client.lastText).toMatch(/your name/i);
    await client.say('Emma Schmidt');
    await client.say('emma.schmidt@alpenwerk.de');
    await client.say('skip');
    await client.say('Alpenwerk GmbH');
    expect(client.prompt?.slot).toBe('project');
    expect((await leadOf(client))?.locale).toBe('en');
  });

  it('switches language mid-conversation when the visitor clearly writes in the other one', async () => {
    const client = new BotFrameworkClient(running.url, { locale: 'fr-FR' });
    await client.conversationUpdate();
    expect(client.lastText).toMatch(/Bonjour/);
    await client.say("Sorry, I don't speak French, can we do this in English please?");
    expect(client.prompt?.slot).toBe('consent');
    expect(client.lastText).toMatch(/yes|agree/i);
  });

  it('a lone "Hello" on a French page stays in French', async () => {
    const client = new BotFrameworkClient(running.url, { locale: 'fr-FR' });
    await client.say('Hello');
    expect(client.lastText).toMatch(/Bonjour/);
  });

  it('reads a national phone number in the country of the channel region (en-US)', async () => {
    const client = new BotFrameworkClient(running.url, { locale: 'en-US' });
    await client.say('hello');
    await client.say('yes');
    await client.say('Jennifer Walker');
    await client.say('jen.walker@acmecorp.com');
    expect(client.prompt?.slot).toBe('phone');
    await client.say('(212) 555-0187');
    expect(client.prompt?.slot).toBe('company');
    await client.say('Acme Corp');
    expect((await leadOf(client))?.phone).toBe('+12125550187');
  });

  it('"no idea" on the budget moves on without a re-ask; nothing is stored for it', async () => {
    const client = new BotFrameworkClient(running.url, { locale: 'en-GB' });
    const answers: Record<string, string> = {
      consent: 'yes', name: 'Sam Patel', email: `sam.${Date.now()}@patelco.io`, phone: 'skip', company: 'PatelCo', project: 'dashboards', timeline: 'next quarter', motivation: 'growth',
    };
    await client.say('hello');
    for (let turn = 0; turn < 12 && client.prompt && client.prompt.slot !== 'budget'; turn++) {
      const { slot, kind } = client.prompt;
      await client.say(kind === 'choice' && slot === 'motivation' ? 'Support our growth' : answers[slot] ?? 'skip');
    }
    expect(client.prompt?.slot).toBe('budget');
    await client.say('no idea tbh');
    expect(client.prompt?.slot).toBe('role');
    expect((await leadOf(client))?.budget).toBeUndefined();
  });
});
