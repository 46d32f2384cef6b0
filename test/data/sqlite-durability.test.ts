/** SQLite store only: durability across close/reopen and SIGKILL, two processes on one directory, refused operators. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../core/ports/store.js';
import { openStore } from '../../data/open-store.js';
import { SqliteDatabase } from '../../data/sqlite/sqlite-database.js';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('sqlite store durability', () => {
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
    const eTag = await store.conversations.write('conv/1', { step: 3, at: new Date(7) }, null);
    const before = {
      leads: await store.leads.list({ limit: 100 }),
      funnel: await store.leads.funnel(),
      events: await store.events.listByVisitor(['web:v1']),
      transcript: await store.transcripts.list('c1'),
      erased: [await store.events.listByVisitor(['web:gone']), await store.transcripts.list('c-gone')],
      outbox: await store.outbox.get('k1'),
      state: await store.conversations.read('conv/1'),
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
      state: await reopened.conversations.read('conv/1'),
    }).toEqual(before);
    expect(before.leads.total).toBe(1);
    expect(before.state?.eTag).toBe(eTag);
    // Unique indexes are rebuilt from the replayed data.
    expect((await reopened.leads.upsert({ email: 'A@x.test' }, {}))._id).toBe(merged._id);
    await expect(reopened.conversations.write('conv/1', {}, null)).rejects.toThrow(/Concurrent update/);
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

    const store = await openTracked();
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

  it('two processes share one data directory: SQLite locking keeps one lead per e-mail', async () => {
    const run = (name: string) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures/shared-upserts.ts'), dataDir, name, '150'], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`writer ${name} exited with ${code}: ${out}`))));
      });
    expect(await Promise.all([run('a'), run('b')])).toEqual(['done\n', 'done\n']);
    const store = await openTracked();
    const { items, total } = await store.leads.list({ limit: 1000 });
    expect(total).toBe(150);
    for (const lead of items) {
      const n = /^shared(\d+)@x\.test$/.exec(lead.email ?? '')?.[1];
      expect(lead.visitorIds.sort()).toEqual([`web:a-${n}`, `web:b-${n}`]);
      expect(lead.history.filter((entry) => entry.stage === 'mcl')).toHaveLength(1);
    }
  }, 120_000);

  it('an array in a single-field index makes it multikey: equality then matches any element, before and after a reopen', async () => {
    const db = await SqliteDatabase.open(dataDir);
    try {
      const things = await db.collection<{ _id: string; tags?: string[] | string; n?: number }>('things');
      await things.createIndexes([{ name: 'tags', key: { tags: 1 } }]);
      await things.insertOne({ _id: 'scalar', tags: 'red' });
      await things.insertOne({ _id: 'array', tags: ['red', 'blue'] });
      await things.insertOne({ _id: 'none', n: 1 });
      expect((await things.find({ tags: 'red' })).map((t) => t._id)).toEqual(['scalar', 'array']);
      expect((await things.find({ tags: { $in: ['blue', 'green'] } })).map((t) => t._id)).toEqual(['array']);
      await things.updateOne({ _id: 'array' }, { $set: { tags: ['green'] } });
      expect(await things.count({ tags: 'blue' })).toBe(0);
    } finally {
      await db.close();
    }
    const reopened = await SqliteDatabase.open(dataDir);
    try {
      const things = await reopened.collection<{ _id: string; tags?: string[] | string }>('things');
      expect((await things.find({ tags: 'green' })).map((t) => t._id)).toEqual(['array']);
      expect(await things.deleteMany({ tags: 'red' })).toBe(1);
    } finally {
      await reopened.close();
    }
  });

  it('throws on query and update operators the repositories do not use', async () => {
    const db = await SqliteDatabase.open(dataDir);
    try {
      const things = await db.collection<{ _id: string; n?: number }>('things');
      await things.insertOne({ _id: 'a', n: 1 });
      await expect(things.find({ $where: 'this.n > 0' })).rejects.toThrow(/unknown query operator/);
      await expect(things.find({ n: { $nin: [2] } })).rejects.toThrow(/unknown query operator/);
      await expect(things.updateOne({ _id: 'a' }, { $rename: { n: 'm' } } as never)).rejects.toThrow(/unsupported update operator/);
      await expect(things.updateOne({ _id: 'a' }, { $set: { _id: 'b' } })).rejects.toThrow(/immutable/);
      await expect(things.createIndexes([{ name: 'ab', key: { a: 1, b: 1 }, unique: true }])).rejects.toThrow(/single-field unique/);
      await things.createIndexes([{ name: 'n_m', key: { n: 1, m: 1 } }]);
      await expect(things.insertOne({ _id: 'b', n: [1, 2] as never })).rejects.toThrow(/indexed and must hold/);
      await expect(db.collection('../escape')).rejects.toThrow(/invalid collection name/);
      expect(await things.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 1 });
    } finally {
      await db.close();
    }
  });
});
