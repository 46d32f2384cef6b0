/**
 * A store written before the reports were counted by the database: leads without their report
 * facts and transcripts without conversation summaries get them when the store opens, and the
 * counts are those of the history.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../data/open-store.js';
import { DATABASE_FILE } from '../../data/sqlite/sqlite-database.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-report-backfill-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('reports over a store written before they were counted by the database', () => {
  it('gives old leads their report facts and old conversations their summaries when the store opens', async () => {
    let store = await openStore({ dataDir });
    const lead = await store.leads.upsert({ visitorId: 'web:old', email: 'old@example.com' }, { score: 72 }, { to: 'mcl' });
    await store.leads.upsert({ visitorId: 'web:old' }, {}, { to: 'mql' });
    await store.leads.changeStage(lead._id, { to: 'rejected', reason: 'no budget' });
    const at = new Date();
    await store.transcripts.append({ conversationId: 'old-c', from: 'bot', text: 'Budget ?', slot: 'budget', at });
    await store.transcripts.append({ conversationId: 'old-c', from: 'user', text: '10k', at: new Date(at.getTime() + 1), visitorId: 'web:old' });
    await store.close();

    // As an older leadq left them: no report facts, no summaries.
    const db = new Database(path.join(dataDir, DATABASE_FILE));
    db.prepare(`UPDATE leads SET doc = json_remove(doc, '$.report')`).run();
    db.prepare('DELETE FROM conversations').run();
    db.close();

    store = await openStore({ dataDir });
    try {
      const from = new Date(at.getTime() - 60_000);
      const to = new Date(at.getTime() + 60_000);
      // A rejected MQL counts as qualified (level 2), as its history says.
      expect(await store.leads.reportCounts(from, to)).toEqual([{ day: at.toISOString().slice(0, 10), level: 2, score: 72, leads: 1 }]);
      expect((await store.leads.qualifyTimes(from, to)).map((t) => t.leads)).toEqual([1]);
      expect(await store.transcripts.conversationCounts(from, to)).toEqual([{ day: at.toISOString().slice(0, 10), scriptVersion: null, conversations: 1 }]);
      expect((await store.transcripts.dropoffCounts(from, to)).left).toEqual([{ slot: 'budget', conversations: 1 }]);
    } finally {
      await store.close();
    }
  });
});
