/**
 * Upgrading a DATA_DIR written by the previous embedded store (append-only logs, fixture made by
 * that store): everything is imported into SQLite on first start, the logs are kept renamed, and
 * an interrupted import finishes on the next start without duplicating anything.
 */
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../core/ports/store.js';
import { DataDirLockedError } from '../../data/errors.js';
import { openStore } from '../../data/open-store.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/append-log-store');
const COLLECTIONS = ['events', 'leads', 'outbox', 'state', 'transcripts'];

describe('import of the append-log store', () => {
  let dataDir: string;
  const open: Store[] = [];
  const openTracked = async () => {
    const store = await openStore({ dataDir });
    open.push(store);
    return store;
  };
  const closeAll = async () => {
    for (const store of open.splice(0)) await store.close();
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'storage-import-'));
    await cp(fixture, dataDir, { recursive: true });
    await rm(path.join(dataDir, 'README.md'));
  });
  afterEach(async () => {
    await closeAll();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** What the fixture holds, read through the repositories. */
  const snapshot = async (store: Store) => {
    const leads = await store.leads.list({ limit: 100 });
    const alice = await store.leads.findByEmail('alice@acme.test');
    return {
      leads,
      funnel: await store.leads.funnel(),
      byVisitor: (await store.leads.findByVisitorId('web:anon'))?._id,
      events: await store.events.listByVisitor(['web:alice', 'web:anon']),
      transcripts: [await store.transcripts.list('conv-alice'), await store.transcripts.list('conv-anon')],
      alert: await store.outbox.get(`slack-alert:${alice?._id}:mql`),
      renotify: await store.outbox.get('slack-renotify:x'),
      state: [await store.conversations.read('webchat/conversations/conv-alice'), await store.webConversations.read('web:conversation:conv-anon')],
    };
  };

  it('imports every collection on first start and keeps the logs, renamed', async () => {
    const store = await openTracked();
    const data = await snapshot(store);
    expect(data.leads.total).toBe(3);
    expect(data.funnel).toMatchObject({ visitor: 1, mcl: 1, mql: 1, sql: 0 });
    const alice = data.leads.items.find((lead) => lead.email === 'alice@acme.test');
    expect(alice).toMatchObject({ name: 'Alice Martin', stage: 'mql', owner: 'U999', score: 72, budget: { amount: 20000, currency: 'EUR' }, visitorIds: ['web:alice'] });
    expect(alice?.history.map((entry) => entry.stage)).toEqual(['mcl', 'mql']);
    expect(alice?.consent?.at).toEqual(new Date('2026-11-01T09:00:01Z'));
    expect(await store.leads.findByEmail('gone@x.test')).toBeNull(); // deleted in the log
    expect(data.byVisitor).toBeDefined();
    expect(data.events.map((event) => event.name)).toEqual(['page', 'page']);
    expect(data.transcripts[0]?.map((entry) => entry.text)).toEqual(['Bonjour ! 👋', 'oui, alice@acme.test']);
    expect(data.transcripts[1]).toHaveLength(1);
    expect(data.alert).toMatchObject({ status: 'done', result: { ts: '1700000000.000100' }, attempts: 1 });
    expect(data.renotify).toMatchObject({ status: 'pending', nextAttemptAt: new Date('2026-11-01T09:01:40Z') });
    expect(data.state[0]?.value).toEqual({ dialogState: { stack: [] }, at: new Date('2026-11-01T09:00:08Z') });
    expect(data.state[1]?.value).toEqual({ lastSeq: 1 });

    const files = (await readdir(dataDir)).sort();
    for (const name of COLLECTIONS) expect(files).toContain(`${name}.log.imported`);
    expect(files.filter((file) => file.endsWith('.log'))).toEqual([]);
    // Unique indexes hold over imported data: the same e-mail gives the same lead.
    expect((await store.leads.upsert({ email: 'ALICE@acme.test', visitorId: 'web:alice' }, {}))._id).toBe(alice?._id);

    await closeAll();
    const reopened = await openTracked();
    expect(await snapshot(reopened)).toEqual({ ...data, leads: await reopened.leads.list({ limit: 100 }) });
    expect((await reopened.leads.list({})).total).toBe(3);
  });

  it('an import interrupted before the rename finishes on the next start without duplicating or overwriting', async () => {
    const first = await openTracked();
    const before = await snapshot(first);
    const bob = await first.leads.upsert({ email: 'bob@beta.test' }, { company: 'Beta' }); // written after the import
    await closeAll();
    for (const name of COLLECTIONS) await rename(path.join(dataDir, `${name}.log.imported`), path.join(dataDir, `${name}.log`)); // as if the rename never happened

    const again = await openTracked();
    const after = await snapshot(again);
    expect(after.leads.total).toBe(before.leads.total);
    expect((await again.leads.findByEmail('bob@beta.test'))?.company).toBe('Beta');
    expect((await again.leads.get(bob._id))?.updatedAt).toEqual(bob.updatedAt);
    expect(after.events).toEqual(before.events);
    expect(after.transcripts).toEqual(before.transcripts);
    expect((await readdir(dataDir)).filter((file) => file.endsWith('.log'))).toEqual([]);
  });

  it('drops a torn last record (an interrupted write) and imports the rest', async () => {
    await appendFile(path.join(dataDir, 'leads.log'), '{"p":{"_id":"torn","email":"torn@x.te');
    const store = await openTracked();
    expect(await store.leads.get('torn')).toBeNull();
    expect((await store.leads.list({})).total).toBe(3);
  });

  it('refuses a log damaged before its last record, imports nothing of it and keeps it', async () => {
    const log = path.join(dataDir, 'leads.log');
    const [first, ...rest] = (await readFile(log, 'utf8')).split('\n');
    await writeFile(log, [`${first?.slice(0, 10)}`, ...rest].join('\n'));
    await expect(openStore({ dataDir })).rejects.toThrow(/leads\.log: corrupt record at byte 0/);
    expect((await readdir(dataDir)).filter((file) => file === 'leads.log')).toEqual(['leads.log']);
  });

  it('refuses to import while the older leadq still holds the directory', async () => {
    await mkdir(path.join(dataDir, 'leadq.lock')); // the old store's lock, mtime refreshed every second while it ran
    const refused = await openStore({ dataDir }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect((refused as Error).message).toMatch(/an older leadq still runs on it/);
    expect((await readdir(dataDir)).filter((file) => file.endsWith('.log'))).toHaveLength(COLLECTIONS.length);
  });
});
