/** Embedded store only: durability across close/reopen and crashes, the directory lock, compaction, the log format. */
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../core/ports/store.js';
import { EmbeddedDatabase } from '../../data/embedded/embedded-database.js';
import { DataDirLockedError } from '../../data/errors.js';
import { openStore } from '../../data/open-store.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const lines = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter(Boolean).length;

describe('embedded store durability', () => {
  let dataDir: string;
  const open: Store[] = [];
  const openTracked = async () => {
    const store = await openStore({ dataDir });
    open.push(store);
    return store;
  };
  const closeTracked = async (store: Store) => {
    open.splice(open.indexOf(store), 1);
    await store.close();
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-durability-'));
  });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('close and reopen gives identical data', async () => {
    const store = await openTracked();
    await store.leads.upsert({ visitorId: 'web:v1', email: 'a@x.test' }, { name: 'Zoé 🚀', consent: { given: true, at: new Date(1_700_000_000_000) } }, { to: 'mcl' });
    await store.leads.upsert({ visitorId: 'web:v2' }, { project: { text: 'CRM' } });
    const merged = await store.leads.upsert({ visitorId: 'web:v2', email: 'a@x.test' }, { phone: '+33612345678' });
    const removed = await store.leads.upsert({ email: 'gone@x.test' }, {});
    await store.leads.remove(removed._id);
    await store.events.append('web:v1', { name: 'page', at: new Date(5), props: { url: '/' } });
    await store.transcripts.append({ conversationId: 'c1', from: 'user', text: 'bonjour', at: new Date(6), seq: 1 });
    const erased = await store.leads.upsert({ visitorId: 'web:gone' }, {});
    await store.events.append('web:gone', { name: 'page', at: new Date(5) });
    await store.transcripts.append({ conversationId: 'c-gone', from: 'user', text: 'secret', at: new Date(6), visitorId: 'web:gone' });
    await store.leads.remove(erased._id);
    await store.outbox.enqueue('slack-alert', 'k1', { leadId: merged._id });
    await store.outbox.claim(['slack-alert'], 'w', 60_000);
    const eTag = await store.state.write('conv/1', { step: 3, at: new Date(7) }, null);
    const before = {
      leads: await store.leads.list({ limit: 100 }),
      funnel: await store.leads.funnel(),
      events: await store.events.listByVisitor(['web:v1']),
      transcript: await store.transcripts.list('c1'),
      erased: [await store.events.listByVisitor(['web:gone']), await store.transcripts.list('c-gone')],
      outbox: await store.outbox.get('k1'),
      state: await store.state.read('conv/1'),
    };
    expect(before.erased).toEqual([[], []]);
    await closeTracked(store);

    const reopened = await openTracked();
    expect({
      leads: await reopened.leads.list({ limit: 100 }),
      funnel: await reopened.leads.funnel(),
      events: await reopened.events.listByVisitor(['web:v1']),
      transcript: await reopened.transcripts.list('c1'),
      erased: [await reopened.events.listByVisitor(['web:gone']), await reopened.transcripts.list('c-gone')],
      outbox: await reopened.outbox.get('k1'),
      state: await reopened.state.read('conv/1'),
    }).toEqual(before);
    expect(before.leads.total).toBe(1);
    expect(before.state?.eTag).toBe(eTag);
    // Unique indexes are rebuilt from the replayed data.
    expect((await reopened.leads.upsert({ email: 'A@x.test' }, {}))._id).toBe(merged._id);
    await expect(reopened.state.write('conv/1', {}, null)).rejects.toThrow(/Concurrent update/);
  });

  it('a process killed (SIGKILL) mid-write loses no acknowledged write', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures/write-loop.ts'), dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: number[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const complete = buffer.split('\n');
        buffer = complete.pop() ?? '';
        for (const line of complete) if (line.startsWith('ack ')) acked.push(Number(line.slice(4)));
        if (acked.length >= 300) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`writer exited early: ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');

    const store = await openTracked(); // the dead process's lock is broken at once (data-dir-lock.test.ts)
    const missing: number[] = [];
    for (const n of acked) {
      const lead = await store.leads.findByEmail(`lead${n}@crash.test`);
      if (lead?.name !== `Lead ${n}` || !lead.visitorIds.includes(`web:${n}`)) missing.push(n);
    }
    expect(missing).toEqual([]);
    expect((await store.leads.list({})).total).toBeGreaterThanOrEqual(acked.length);
    await store.leads.upsert({ email: 'after-crash@x.test' }, {});
    expect(await store.leads.findByEmail('after-crash@x.test')).not.toBeNull();
  }, 60_000);

  it('refuses a second opener of the same directory with a clear error', async () => {
    const store = await openTracked();
    const second = openStore({ dataDir });
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(/already in use by another leadq process/);
    expect(await store.ping()).toBe(true);
    await closeTracked(store);
    await closeTracked(await openTracked()); // released on close
  }, 30_000);

  it('compacts a growing log and keeps the data', async () => {
    const store = await openTracked();
    const lead = await store.leads.upsert({ email: 'busy@x.test' }, {});
    for (let i = 0; i < 1500; i++) await store.leads.upsert({ email: 'busy@x.test' }, { score: i % 101 });
    await store.leads.upsert({ email: 'other@x.test' }, { name: 'Other' });
    const log = path.join(dataDir, 'leads.log');
    expect(await lines(log)).toBeLessThan(1000);
    await closeTracked(store);
    const reopened = await openTracked();
    expect(await reopened.leads.findByEmail('busy@x.test')).toMatchObject({ _id: lead._id, score: 1499 % 101 });
    expect((await reopened.leads.findByEmail('other@x.test'))?.name).toBe('Other');
    expect((await reopened.leads.list({})).total).toBe(2);
  });

  it('ignores a torn last record and keeps appending after it', async () => {
    const store = await openTracked();
    await store.leads.upsert({ email: 'kept@x.test' }, { name: 'Kept' });
    await closeTracked(store);
    const log = path.join(dataDir, 'leads.log');
    await appendFile(log, '{"p":{"_id":"torn","email":"torn@x.te');
    const reopened = await openTracked();
    expect((await reopened.leads.findByEmail('kept@x.test'))?.name).toBe('Kept');
    expect(await reopened.leads.get('torn')).toBeNull();
    await reopened.leads.upsert({ email: 'next@x.test' }, {});
    await closeTracked(reopened);
    const again = await openTracked();
    expect((await again.leads.list({})).total).toBe(2);
  });

  it('refuses to open a log damaged before its last record', async () => {
    const store = await openTracked();
    await store.leads.upsert({ email: 'a@x.test' }, {});
    await store.leads.upsert({ email: 'b@x.test' }, {});
    await closeTracked(store);
    const log = path.join(dataDir, 'leads.log');
    const [first, ...rest] = (await readFile(log, 'utf8')).split('\n');
    await writeFile(log, [`${first?.slice(0, 10)}`, ...rest].join('\n'));
    await expect(openStore({ dataDir })).rejects.toThrow(/corrupt record/);
    expect((await stat(log)).size).toBeGreaterThan(0);
  });

  it('throws on query and update operators the repositories do not use', async () => {
    const db = await EmbeddedDatabase.open(dataDir);
    try {
      const things = await db.collection<{ _id: string; n?: number }>('things');
      await things.insertOne({ _id: 'a', n: 1 });
      await expect(things.find({ $where: 'this.n > 0' })).rejects.toThrow(/unknown query operator/);
      await expect(things.find({ n: { $nin: [2] } })).rejects.toThrow(/unknown query operator/);
      await expect(things.updateOne({ _id: 'a' }, { $rename: { n: 'm' } } as never)).rejects.toThrow(/unsupported update operator/);
      await expect(things.updateOne({ _id: 'a' }, { $set: { _id: 'b' } })).rejects.toThrow(/immutable/);
      await expect(things.createIndexes([{ name: 'ab', key: { a: 1, b: 1 }, unique: true }])).rejects.toThrow(/single-field unique/);
      await expect(db.collection('../escape')).rejects.toThrow(/invalid collection name/);
      expect(await things.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 1 });
    } finally {
      await db.close();
    }
  });
});
