/**
 * Erasure erases: DELETE /api/leads/:id removes the person from every collection (lead,
 * conversation state on every channel, transcripts, events, outbox items, conversation ownership
 * records) and from the store's files; a further message in the erased conversation starts afresh
 * instead of re-creating the lead from what was erased.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '../../core/lead/model.js';
import { leadAlertKey } from '../../bot/outbox/lead-alert.js';
import { ADMIN_TOKEN, startApp, type RunningApp } from '../support/app-harness.js';
import { BotFrameworkClient } from '../support/bf-client.js';
import { WebVisitor } from '../support/web-visitor.js';
import { FRENCH_HOT, converse } from '../e2e/answers.js';

let running: RunningApp;
beforeAll(async () => {
  running = await startApp();
});
afterAll(async () => {
  await running.dispose();
});

const EMAIL = 'camille.martin@acme-industrie.fr';
/** What identifies the person, in every form it may have been stored in. */
const TRACES = [EMAIL, 'Camille Martin', '+33612345678', '06 12 34 56 78', 'Acme Industrie'];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every trace found in any file of the data directory, as `file: trace`. */
async function tracesOnDisk(dataDir: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of await filesUnder(dataDir)) {
    const content = (await readFile(file)).toString('utf8');
    for (const trace of TRACES) if (content.includes(trace)) found.push(`${path.relative(dataDir, file)}: ${trace}`);
  }
  return found;
}

async function leadByEmail(email: string): Promise<Lead | undefined> {
  return ((await (await running.admin(`/api/leads?email=${encodeURIComponent(email)}`)).json()) as { items: Lead[] }).items[0];
}

describe('erasure everywhere', () => {
  it('erases the person from every collection and file, and a later message starts afresh', async () => {
    const { store } = running.app;
    const bf = new BotFrameworkClient(running.url, { locale: 'fr-FR' });
    await bf.say('bonjour');
    await converse(bf, FRENCH_HOT);
    // The same person on the website, giving the same e-mail: one lead, two channels.
    const web = new WebVisitor(running.url, store);
    expect(await web.start()).toBe('consent');
    expect(await web.say('oui')).toBe('name');
    expect(await web.say('Camille Martin')).toBe('email');
    expect(await web.say(EMAIL)).toBe('phone');
    expect(await web.say('06 12 34 56 78')).toBe('company');
    expect(await web.say('Acme Industrie')).toBe('project');
    await store.events.append(`web:${web.visitorId}`, { name: 'page_view', at: new Date(), props: { path: '/tarifs' } });

    const lead = await leadByEmail(EMAIL);
    expect(lead?.visitorIds.sort()).toEqual([`emulator:${bf.userId}`, `web:${web.visitorId}`].sort());
    expect(lead?.stage).toBe('mql');
    const alertKey = leadAlertKey(lead!._id, 'qualified');
    expect(await store.outbox.get(alertKey)).not.toBeNull();
    expect(await tracesOnDisk(running.dataDir)).not.toEqual([]);

    const res = await fetch(`${running.url}/api/leads/${lead!._id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(204);

    expect(await leadByEmail(EMAIL)).toBeUndefined();
    expect(await store.conversations.read(`conversation/emulator/${bf.conversationId}`)).toBeNull();
    expect(await store.conversations.read(`conversation/web/${web.conversationId}`)).toBeNull();
    expect(await store.webConversations.read(`web:conversation:${web.conversationId}`)).toBeNull();
    expect(await store.conversationOwners.read(`botframework:owner:emulator:${bf.conversationId}`)).toBeNull();
    expect(await store.transcripts.list(bf.conversationId)).toEqual([]);
    expect(await store.transcripts.list(web.conversationId)).toEqual([]);
    expect(await store.events.listByVisitor([`web:${web.visitorId}`, `emulator:${bf.userId}`])).toEqual([]);
    expect(await store.outbox.get(alertKey)).toBeNull();
    expect(await tracesOnDisk(running.dataDir)).toEqual([]);

    // One more message in the erased conversation: the bot starts over, nothing comes back.
    await bf.say('et donc ?');
    expect(bf.prompt?.slot).toBe('consent');
    expect(await leadByEmail(EMAIL)).toBeUndefined();
    const all = ((await (await running.admin('/api/leads?limit=200')).json()) as { items: Lead[] }).items;
    expect(all.filter((l) => l.visitorIds.includes(`emulator:${bf.userId}`)).map((l) => [l.name, l.email, l.phone, l.company])).toEqual(
      all.filter((l) => l.visitorIds.includes(`emulator:${bf.userId}`)).map(() => [undefined, undefined, undefined, undefined]),
    );
    expect(await tracesOnDisk(running.dataDir)).toEqual([]);
  });
});

describe('Slack thread mappings', () => {
  it('a thread the person talked to the bot in is forgotten with them', async () => {
    const { BotThreads } = await import('../../adapters/slack/bot-threads.js');
    const threads = new BotThreads(running.app.store.slackThreads);
    await threads.join('C0123', '1700000000.000100', 'U0ERASED', 'T0TEAM');
    await threads.join('C0123', '1700000000.000200', 'U0KEPT', 'T0TEAM');
    expect(await threads.converses('C0123', '1700000000.000100', 'U0ERASED')).toBe(true);
    expect(await running.app.store.slackThreads.removeByVisitor(['slack:T0TEAM:U0ERASED'])).toBe(1);
    expect(await threads.converses('C0123', '1700000000.000100', 'U0ERASED')).toBe(false);
    expect(await threads.converses('C0123', '1700000000.000200', 'U0KEPT')).toBe(true);
  });
});
