/**
 * A visitor becoming a lead keeps their conversations (`keepVisitors`): a line recorded at the
 * same moment is kept too, whichever of the two starts first and however their steps interleave.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../core/ports/store.js';
import { openStore } from '../../data/open-store.js';
import type { DocTranscriptRepository } from '../../data/repositories/transcript-repository.js';
import type { DocCollection, Doc } from '../../data/collection.js';

/** Microtasks between the start of the first operation and the second: negative, keepVisitors first. */
const OFFSETS = [-8, -5, -3, -2, -1, 0, 1, 2, 3, 5, 8, 12];

async function withStore(run: (store: Store, transcripts: DocTranscriptRepository) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'leadq-kept-race-'));
  const store = await openStore({ dataDir: dir });
  try {
    await run(store, store.transcripts as unknown as DocTranscriptRepository);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

describe('a conversation kept while a line is being recorded', () => {
  for (const offset of OFFSETS) {
    it(`keeps that line and the summary (${offset < 0 ? `keepVisitors ${-offset}` : `the line ${offset}`} microtask(s) ahead)`, async () => {
      await withStore(async (store, transcripts) => {
        const conversationId = `conversation-${offset}`;
        const at = Date.now();
        await store.transcripts.append({ conversationId, from: 'user', visitorId: 'web:v1', text: 'bonjour', at: new Date(at) });
        const keep = () => transcripts.keepVisitors(['web:v1']);
        const append = () => store.transcripts.append({ conversationId, from: 'bot', text: 'Votre e-mail ?', at: new Date(at + 1) });
        const first = offset < 0 ? keep() : append();
        for (let i = 0; i < Math.abs(offset); i++) await Promise.resolve();
        await Promise.all([first, offset < 0 ? append() : keep()]);

        expect((await transcripts.summaries.get(conversationId))?.expiresAt).toBeUndefined();
        const lines = (transcripts as unknown as { transcripts: DocCollection<Doc & { text: string; expiresAt?: Date }> }).transcripts;
        const stored = await lines.find({ conversationId });
        expect(stored.map((line) => [line.text, line.expiresAt])).toEqual([
          ['bonjour', undefined],
          ['Votre e-mail ?', undefined],
        ]);
      });
    });
  }
});
