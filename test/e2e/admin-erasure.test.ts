/**
 * GDPR erasure through the admin API: DELETE /api/leads/:id removes a lead qualified over
 * /api/messages together with its visitor's website events and conversation transcript, and
 * leaves every other lead's data alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '../../core/lead/model.js';
import { ADMIN_TOKEN, startApp, type RunningApp } from '../support/app-harness.js';
import { BotFrameworkClient } from '../support/bf-client.js';
import { ENGLISH_WARM, FRENCH_HOT, converse, type Answers } from './answers.js';

let running: RunningApp;

beforeAll(async () => {
  running = await startApp();
});
afterAll(async () => {
  await running.dispose();
});

const erase = (id: string, token: string | null = ADMIN_TOKEN): Promise<Response> =>
  fetch(`${running.url}/api/leads/${id}`, { method: 'DELETE', headers: token === null ? {} : { authorization: `Bearer ${token}` } });

async function leadByEmail(email: string): Promise<Lead | undefined> {
  const res = await running.admin(`/api/leads?email=${encodeURIComponent(email)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Lead[] }).items[0];
}

/** A visitor qualified over /api/messages, with website behaviour and a transcript tagged with their visitor id. */
async function qualifiedVisitor(locale: string, answers: Answers) {
  const client = new BotFrameworkClient(running.url, { locale });
  await client.say(locale.startsWith('fr') ? 'bonjour' : 'hello');
  await converse(client, answers);
  const lead = await leadByEmail(answers.email!.replace(/^.*?(\S+@\S+).*$/, '$1').toLowerCase());
  expect(lead).toBeDefined();
  const visitorId = `emulator:${client.userId}`;
  expect(lead!.visitorIds).toContain(visitorId);
  const { store } = running.app;
  await store.events.append(visitorId, { name: 'page', at: new Date(), props: { url: '/pricing' } });
  await store.events.append(visitorId, { name: 'simulator', at: new Date(), props: { seats: 15 } });
  return { client, lead: lead!, visitorId };
}

describe('DELETE /api/leads/:id (right to erasure)', () => {
  it('erases the lead, its website events and its conversation; another lead keeps all of its data', async () => {
    const { store } = running.app;
    const erased = await qualifiedVisitor('fr-FR', FRENCH_HOT);
    const kept = await qualifiedVisitor('en-GB', ENGLISH_WARM);
    const recorded = await store.transcripts.list(erased.client.conversationId);
    expect(recorded.length).toBeGreaterThan(5);
    // The turn recorder tags the visitor's lines, which ties the conversation to the lead.
    expect(recorded.filter((entry) => entry.from === 'user').every((entry) => entry.visitorId === erased.visitorId)).toBe(true);
    const funnelBefore = (await (await running.admin('/api/funnel')).json()) as { stages: Record<string, number> };

    expect((await erase(erased.lead._id, null)).status).toBe(401);
    expect((await erase(erased.lead._id, 'wrong-token')).status).toBe(401);
    expect((await running.admin(`/api/leads/${erased.lead._id}`)).status).toBe(200);

    const res = await erase(erased.lead._id);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');

    expect((await running.admin(`/api/leads/${erased.lead._id}`)).status).toBe(404);
    expect(await leadByEmail(erased.lead.email!)).toBeUndefined();
    expect(await store.events.listByVisitor([erased.visitorId])).toEqual([]);
    expect(await store.transcripts.list(erased.client.conversationId)).toEqual([]);
    const funnelAfter = (await (await running.admin('/api/funnel')).json()) as { stages: Record<string, number> };
    expect(funnelAfter.stages[erased.lead.stage]).toBe((funnelBefore.stages[erased.lead.stage] ?? 0) - 1);

    expect(await leadByEmail(kept.lead.email!)).toEqual(kept.lead);
    expect(await store.events.listByVisitor([kept.visitorId])).toHaveLength(2);
    expect((await store.transcripts.list(kept.client.conversationId)).length).toBeGreaterThan(5);

    const again = await erase(erased.lead._id);
    expect(again.status).toBe(404);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('lead_not_found');
  });

  it('answers hostile or malformed ids with 404/400 (never 500) and erases nothing', async () => {
    const { lead } = await qualifiedVisitor('en-US', { ...ENGLISH_WARM, email: 'survivor@globex.example' });
    const before = ((await (await running.admin('/api/leads?limit=200')).json()) as { total: number }).total;
    const hostile = [
      encodeURIComponent('{"$gt": ""}'),
      encodeURIComponent('<script>alert(1)</script>'),
      encodeURIComponent('🚀👩‍💻'),
      '__proto__',
      'constructor',
      encodeURIComponent('../../etc/passwd'),
      encodeURIComponent(`${lead._id} `),
      'x'.repeat(300),
      'y'.repeat(10_240),
    ];
    for (const id of hostile) {
      const res = await erase(id);
      expect([400, 404], id.slice(0, 40)).toContain(res.status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/^(lead_not_found|invalid_query|not_found)$/);
    }
    const objectId = await fetch(`${running.url}/api/leads/x?id[$gt]=`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    // An operator smuggled into the query is refused as an unknown field, before any lookup.
    expect(objectId.status).toBe(400);
    expect(((await objectId.json()) as { error: { code: string } }).error.code).toBe('unknown_query_field');
    expect(((await (await running.admin('/api/leads?limit=200')).json()) as { total: number }).total).toBe(before);
    expect((await running.admin(`/api/leads/${lead._id}`)).status).toBe(200);
  });
});
