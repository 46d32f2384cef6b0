/**
 * CRM hand-off end to end: a local HTTP receiver gets lead.captured, lead.qualified, lead.updated
 * and lead.erased for a visitor qualified over /api/messages, each exactly once with a valid
 * signature, although the bot is stopped (with deliveries pending) and started again on the same
 * data; a failing endpoint's deliveries end in the dead-letter list and are replayed; `leadq
 * rescore` announces each lead it changed with one lead.updated, and none for a lead it left alone.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '../../core/lead/model.js';
import { verifySignature } from '../../adapters/webhooks/signature.js';
import { converse, FRENCH_HOT } from '../e2e/answers.js';
import { ADMIN_TOKEN, startApp, type RunningApp } from '../support/app-harness.js';
import { BotFrameworkClient } from '../support/bf-client.js';
import { launchBrowser } from '../web/browser-harness.js';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { rescoreLeads } from '../../bot/cli/rescore-command.js';
import { loadConfig } from '../../bot/config.js';
import { openStore } from '../../data/open-store.js';

const SECRET = 'whsec-test-0123456789abcdef';

interface Received {
  id: string;
  type: string;
  data: { leadId: string; properties?: Record<string, unknown> };
  headerId: string | undefined;
  validSignature: boolean;
}

let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
/** While true the receiver answers 503 (an endpoint down). */
let down = false;
let dataDir: string;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    void readBody(req).then((body) => {
      if (down) {
        res.statusCode = 503;
        res.end();
        return;
      }
      const event = JSON.parse(body) as Omit<Received, 'headerId' | 'validSignature'>;
      received.push({ ...event, headerId: req.headers['leadq-event-id'] as string | undefined, validSignature: verifySignature(SECRET, body, req.headers['leadq-signature'] as string | undefined, new Date()) });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/leadq`;
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'webhooks-e2e-'));
});
afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
});

const start = (maxAttempts = 8) =>
  startApp({ dataDir, env: { WEBHOOK_URLS: receiverUrl, WEBHOOK_SECRET: SECRET }, overrides: { webhooks: { pollIntervalMs: 50, maxAttempts, backoff: { minMs: 50, maxMs: 200, jitter: false } } } });

async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received ${JSON.stringify(received.map((r) => r.type))}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const ofType = (type: string, leadId: string) => received.filter((r) => r.type === type && r.data.leadId === leadId);

describe('CRM hand-off webhooks', () => {
  it('delivers each lead event exactly once with a valid signature, across a restart', async () => {
    let running: RunningApp = await start();
    // The endpoint is down while the lead is captured and qualified: the deliveries wait in the outbox.
    down = true;
    const client = new BotFrameworkClient(running.url, { locale: 'fr-FR' });
    await client.say('bonjour');
    await converse(client, FRENCH_HOT);
    const lead = ((await (await running.admin('/api/leads?email=camille.martin%40acme-industrie.fr')).json()) as { items: Lead[] }).items[0]!;
    expect(lead.stage).toBe('mql');
    await running.stop();

    down = false;
    running = await start();
    await until(() => ofType('lead.qualified', lead._id).length > 0 && ofType('lead.captured', lead._id).length > 0, 'captured + qualified');

    const accept = await fetch(`${running.url}/api/leads/${lead._id}/stage`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ stage: 'sql' }) });
    expect(accept.status).toBe(200);
    await until(() => ofType('lead.updated', lead._id).length > 0, 'updated');
    expect(ofType('lead.updated', lead._id)[0]!.data.properties).toMatchObject({ email: 'camille.martin@acme-industrie.fr', lifecyclestage: 'salesqualifiedlead', leadq_stage: 'sql', firstname: 'Camille', lastname: 'Martin', company: 'Acme Industrie' });

    expect((await fetch(`${running.url}/api/leads/${lead._id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(204);
    const erased = await until(() => ofType('lead.erased', lead._id)[0], 'erased');
    expect(erased.data).toEqual({ leadId: lead._id });

    // Give a duplicate the time to show up, then count.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await running.dispose();
    for (const type of ['lead.captured', 'lead.qualified', 'lead.updated', 'lead.erased']) expect(ofType(type, lead._id), type).toHaveLength(1);
    const mine = received.filter((r) => r.data.leadId === lead._id);
    expect(mine.every((r) => r.validSignature && r.headerId === r.id)).toBe(true);
    expect(new Set(mine.map((r) => r.id)).size).toBe(mine.length);
    expect(JSON.stringify(erased)).not.toContain('camille');
  }, 90_000);

  it('refuses a forged or stale signature', () => {
    const body = JSON.stringify({ id: 'x' });
    expect(verifySignature(SECRET, body, `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`, new Date())).toBe(false);
    expect(verifySignature(SECRET, body, undefined, new Date())).toBe(false);
    expect(verifySignature(SECRET, body, 't=1,v1=abc', new Date())).toBe(false);
  });

  it('lists deliveries given up on as dead letters, and replays them', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'webhooks-dead-'));
    const running = await start(2);
    try {
      down = true;
      const client = new BotFrameworkClient(running.url, { locale: 'fr-FR' });
      await client.say('bonjour');
      await converse(client, { ...FRENCH_HOT, email: 'dead.letter@acme-industrie.fr' });
      let dead: { id: string; event: string }[] = [];
      const deadline = Date.now() + 20_000;
      while (dead.length < 2 && Date.now() < deadline) {
        dead = ((await (await running.admin('/api/webhooks/dead')).json()) as { items: { id: string; event: string }[] }).items;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(dead.map((d) => d.event).sort()).toEqual(['lead.captured', 'lead.qualified']);
      down = false;
      // One replayed from the console's Webhooks page, the other through the API.
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage();
        await page.goto(`${running.url}/console`);
        await page.locator('#sign-in-password').fill(ADMIN_TOKEN);
        await page.locator('#sign-in-password').press('Enter');
        await page.locator('nav a', { hasText: 'Webhooks' }).click();
        await expect.poll(() => page.locator('#dead-letters tbody tr').count()).toBe(2);
        await page.locator('#dead-letters tbody tr').first().getByRole('button', { name: 'Replay' }).click();
        await expect.poll(() => page.locator('#dead-letters tbody tr').count()).toBe(1);
      } finally {
        await browser.close();
      }
      const [left] = ((await (await running.admin('/api/webhooks/dead')).json()) as { items: { id: string }[] }).items;
      const replay = await fetch(`${running.url}/api/webhooks/dead/${encodeURIComponent(left!.id)}/replay`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(replay.status).toBe(204);
      const lead = ((await (await running.admin('/api/leads?email=dead.letter%40acme-industrie.fr')).json()) as { items: Lead[] }).items[0]!;
      await until(() => ofType('lead.captured', lead._id).length === 1 && ofType('lead.qualified', lead._id).length === 1, 'replayed');
      expect(((await (await running.admin('/api/webhooks/dead')).json()) as { items: unknown[] }).items).toEqual([]);
      expect((await fetch(`${running.url}/api/webhooks/dead/webhook%3Anope/replay`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(404);
    } finally {
      down = false;
      await running.dispose();
    }
  }, 90_000);

  it('sends one lead.updated per lead that leadq rescore changed, through the outbox, and none for unchanged leads', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'webhooks-rescore-'));
    const scoring = path.join(dataDir, 'scoring.yaml');
    await copyFile('config/scoring.yaml', scoring);
    const store = await openStore({ dataDir });
    const base = { consent: { given: true, at: new Date() }, timeline: { bucket: 'now' as const, text: 'now', horizonMonths: 0 }, project: { text: 'a CRM', id: 'crm', label: 'CRM' } };
    const changed = await store.leads.upsert({ visitorId: 'web:rescored', email: 'rescored@example.com' }, { ...base, company: 'Acme', score: 0, temperature: 'cold', scoreBreakdown: [] }, { to: 'mcl' });
    await store.close();
    // Lower the bars so the captured lead now qualifies.
    const rules = await readFile(scoring, 'utf8');
    expect(rules).toContain('  mql: 50');
    await writeFile(scoring, rules.replace('  mql: 50', '  mql: 5'));
    const config = loadConfig({ DATA_DIR: dataDir, SCORING_FILE: scoring, WEBHOOK_URLS: receiverUrl, WEBHOOK_SECRET: SECRET });
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    expect(await rescoreLeads(config, false, out)).toBe(0);
    expect(text).toContain('1 of 1 leads rescored');
    // Rescoring again changes nothing, so it announces nothing.
    expect(await rescoreLeads(config, false, new PassThrough())).toBe(0);

    // The command only queued them: the bot's outbox worker delivers.
    const running = await start();
    try {
      const updated = await until(() => ofType('lead.updated', changed._id)[0], 'updated after rescore');
      expect(updated.validSignature).toBe(true);
      expect(updated.data.properties).toMatchObject({ email: 'rescored@example.com', leadq_stage: 'mql' });
      await until(() => ofType('lead.qualified', changed._id)[0], 'qualified after rescore');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(ofType('lead.updated', changed._id)).toHaveLength(1);
    } finally {
      await running.dispose();
    }
  }, 90_000);
});
