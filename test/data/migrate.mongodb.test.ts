/**
 * `leadq migrate --to <MONGODB_URI>`: what the embedded store holds after real conversations
 * (leads with history, transcripts, events, outbox, conversation state) lands in MongoDB, once,
 * and the app carries on from there: a visitor stopped half-way resumes on MongoDB.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';
import type { Doc } from '../../data/collection.js';
import { openCollections, openDatabase, STORE_COLLECTIONS } from '../../data/open-store.js';
import { FRENCH_HOT, converse } from '../e2e/answers.js';
import { ADMIN_TOKEN, startApp, type RunningApp } from '../support/app-harness.js';
import { BotFrameworkClient } from '../support/bf-client.js';
import { databaseFor, dropTestDatabase, testMongoUri } from '../support/test-store.js';

const uri = testMongoUri()!;
let embeddedDir: string;
/** Names the target database (see test-store.ts), so the app started on it later finds the data. */
let targetDir: string;
let halfway: BotFrameworkClient;
const QUALIFIED = 'migre.complet@acme-industrie.fr';

async function leadq(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bot/cli/leadq.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

async function documents(dir: string, mongodb: boolean): Promise<Map<string, Doc[]>> {
  const db = await openDatabase(mongodb ? { mongodbUri: uri, dbName: databaseFor(dir), dataDir: dir } : { dataDir: dir });
  try {
    const collections = await openCollections(db);
    const all = new Map<string, Doc[]>();
    for (const { name } of STORE_COLLECTIONS) all.set(name, await collections.get(name)!.find({}, { sort: { _id: 1 } }));
    return all;
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  embeddedDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-migrate-from-'));
  targetDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-migrate-to-'));
  // The embedded store, written by the real app (not through the test harness, which would pick MongoDB).
  const app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: embeddedDir, ADMIN_TOKEN, WATCH_SCRIPTS: 'false', NODE_ENV: 'test' }));
  const url = await app.listen(0, '127.0.0.1');
  try {
    const qualified = new BotFrameworkClient(url, { locale: 'fr-FR' });
    await qualified.say('bonjour');
    await converse(qualified, { ...FRENCH_HOT, email: QUALIFIED });
    halfway = new BotFrameworkClient(url, { locale: 'fr-FR' });
    for (const text of ['bonjour', 'oui', 'Paul Migré', 'paul.migre@exemple-reprise.fr']) await halfway.say(text);
    expect(halfway.prompt?.slot).toBe('phone');
    await app.store.events.append(`emulator:${halfway.userId}`, { name: 'page_view', at: new Date(), props: { path: '/tarifs' } });
  } finally {
    await app.close();
  }
}, 120_000);

afterAll(async () => {
  await dropTestDatabase(targetDir);
  await rm(embeddedDir, { recursive: true, force: true });
  await rm(targetDir, { recursive: true, force: true });
});

describe('leadq migrate --to <MONGODB_URI>', () => {
  let source: Map<string, Doc[]>;

  it('copies every collection of the embedded store into MongoDB and prints the counts', async () => {
    source = await documents(embeddedDir, false);
    for (const name of ['leads', 'lead_keys', 'transcripts', 'events', 'outbox', 'state']) expect(source.get(name)!.length, name).toBeGreaterThan(0);
    const run = await leadq(['migrate', '--to', uri, '--db', databaseFor(targetDir)], { DATA_DIR: embeddedDir });
    expect(run.stderr).not.toMatch(/Error|at \S+ \(/);
    expect(run.code).toBe(0);
    for (const [name, docs] of source) expect(run.stdout).toContain(`${name}: ${docs.length} copied, 0 already in MongoDB\n`);
    const copied = await documents(targetDir, true);
    // Same documents, field for field (dates stay dates).
    for (const [name, docs] of source) expect(copied.get(name), name).toEqual(docs);
  }, 120_000);

  it('copies nothing twice when run again', async () => {
    const run = await leadq(['migrate', '--to', uri, '--db', databaseFor(targetDir)], { DATA_DIR: embeddedDir });
    expect(run.code).toBe(0);
    for (const [name, docs] of source) expect(run.stdout).toContain(`${name}: 0 copied, ${docs.length} already in MongoDB\n`);
    const copied = await documents(targetDir, true);
    for (const [name, docs] of source) expect(copied.get(name)!.length, name).toBe(docs.length);
  }, 120_000);

  it('the app on MongoDB carries on: the qualified lead is there and the visitor stopped half-way resumes where they were', async () => {
    let running: RunningApp | undefined;
    try {
      running = await startApp({ dataDir: targetDir });
      const res = await running.admin(`/api/leads?email=${encodeURIComponent(QUALIFIED)}`);
      expect(((await res.json()) as { items: { stage: string }[] }).items.map((lead) => lead.stage)).toEqual(['mql']);
      const resumed = new BotFrameworkClient(running.url, { locale: 'fr-FR', userId: halfway.userId, conversationId: halfway.conversationId });
      await resumed.say('07 98 76 54 32');
      expect(resumed.prompt?.slot).toBe('company');
      expect(await converse(resumed, FRENCH_HOT)).not.toContain('name');
    } finally {
      await running?.stop();
    }
  }, 120_000);

  it('a wrong --to fails with one line naming MONGODB_URI, and a missing --to is refused', async () => {
    const wrong = await leadq(['migrate', '--to', 'http://example.com/leads'], { DATA_DIR: embeddedDir });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^leadq migrate: MONGODB_URI is not a usable MongoDB connection string/)]);
    const missing = await leadq(['migrate'], { DATA_DIR: embeddedDir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/required option '--to <uri>' not specified/);
  }, 120_000);
});
