/**
 * A replayed Bot Framework activity (same `id` in the same conversation) is processed once: the
 * copy gets no replies and does not move the conversation on — also after a restart, because the
 * ids seen are saved with the conversation state, in the same write as the turn they belong to.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../support/app-harness.js';
import { BotFrameworkClient } from '../support/bf-client.js';

let running: RunningApp;
beforeAll(async () => {
  running = await startApp();
});
afterAll(async () => {
  await running.dispose();
});

describe('activity id replay', () => {
  it('the second copy of an activity answers nothing and the next question is still the one after it', async () => {
    const client = new BotFrameworkClient(running.url, { locale: 'fr-FR' });
    await client.say('bonjour');
    await client.say('oui');
    expect(client.prompt?.slot).toBe('name');
    const id = randomUUID();
    await client.post({ id, type: 'message', text: 'Jean Dupont' });
    expect(client.prompt?.slot).toBe('email');
    const replayed = await client.post({ id, type: 'message', text: 'Jean Dupont' });
    expect(replayed).toEqual([]);
    await client.say('jean.dupont@exemple-pro.fr');
    expect(client.prompt?.slot).toBe('phone');
  });

  it('two copies sent at once are processed once', async () => {
    const client = new BotFrameworkClient(running.url, { locale: 'en-GB' });
    await client.say('hello');
    await client.say('yes');
    expect(client.prompt?.slot).toBe('name');
    const id = randomUUID();
    const body = { id, type: 'message', text: 'Jane Smith' };
    const [a, b] = await Promise.all([client.post(body), new BotFrameworkClient(running.url, { userId: client.userId, conversationId: client.conversationId, locale: 'en-GB' }).post(body)]);
    expect([a.length > 0, b.length > 0].sort()).toEqual([false, true]);
    await client.say('jane.smith@globex-corp.example');
    expect(client.prompt?.slot).toBe('phone');
  });

  it('a replay after a restart is still recognised', async () => {
    const client = new BotFrameworkClient(running.url, { locale: 'fr-FR' });
    await client.say('bonjour');
    const id = randomUUID();
    await client.post({ id, type: 'message', text: 'oui' });
    expect(client.prompt?.slot).toBe('name');
    const { dataDir } = running;
    await running.stop();
    running = await startApp({ dataDir });
    const again = new BotFrameworkClient(running.url, { userId: client.userId, conversationId: client.conversationId, locale: 'fr-FR' });
    expect(await again.post({ id, type: 'message', text: 'oui' })).toEqual([]);
    await again.say('Marie Curie');
    expect(again.prompt?.slot).toBe('email');
  });
});
