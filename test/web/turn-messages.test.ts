/**
 * A turn's bot messages reach the widget's store together: one write of the conversation's record
 * for all of them (consecutive seqs, the last one's prompt kept for replay) and their transcript
 * lines in one batch; a `delay` between replies splits them.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TurnContext} from 'botbuilder';
import { type Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChannelAdapter } from '../../adapters/core/channel-adapter.js';
import { ConversationLog, conversationStateKey, type ConversationRecord } from '../../adapters/web/conversation-log.js';
import type { Store } from '../../core/ports/store.js';
import { openStore } from '../../data/open-store.js';

const id = (): string => randomBytes(8).toString('hex');
let dir: string;
let store: Store;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'leadq-turn-messages-'));
  store = await openStore({ dataDir: dir });
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function opened(log: ConversationLog): Promise<string> {
  const conversationId = id();
  await log.acceptVisitorMessage(conversationId, 'visitor-1', id(), 'bonjour', 'fr');
  return conversationId;
}

describe('a turn’s bot messages', () => {
  it('get consecutive seqs in one write of the record, the last one’s prompt kept, their lines stored', async () => {
    const log = new ConversationLog(store);
    const conversationId = await opened(log);
    const writes = vi.spyOn(store.webConversations, 'write');
    const prompt = { slot: 'email', kind: 'email' as const };
    const messages = await log.appendBotMessages(conversationId, [{ text: 'Merci !' }, { text: 'Votre e-mail ?', prompt, scriptVersion: 'v1' }]);
    expect(messages.map((m) => [m.seq, m.from, m.text])).toEqual([[2, 'bot', 'Merci !'], [3, 'bot', 'Votre e-mail ?']]);
    expect(messages[1]).not.toHaveProperty('scriptVersion');
    const after = await store.webConversations.read<ConversationRecord>(conversationStateKey(conversationId));
    expect(after?.value).toMatchObject({ lastSeq: 3, lastPrompt: { seq: 3, prompt } });
    expect(writes).toHaveBeenCalledTimes(1);
    writes.mockRestore();
    const lines = await store.transcripts.list(conversationId);
    expect(lines.map((l) => [l.seq, l.from, l.text, l.slot, l.scriptVersion])).toEqual([
      [1, 'user', 'bonjour', undefined, undefined],
      [2, 'bot', 'Merci !', undefined, undefined],
      [3, 'bot', 'Votre e-mail ?', 'email', 'v1'],
    ]);
    // Replay re-attaches the prompt to the last message only.
    expect((await log.history(conversationId, 0)).filter((m) => m.prompt).map((m) => m.seq)).toEqual([3]);
  });

  it('a last message that asks nothing clears the prompt; an already recorded onceKey writes nothing', async () => {
    const log = new ConversationLog(store);
    const conversationId = await opened(log);
    await log.appendBotMessages(conversationId, [{ text: 'Q ?', quickReplies: [{ title: 'Oui', value: 'oui' }] }, { text: 'Au revoir' }]);
    expect((await store.webConversations.read<ConversationRecord>(conversationStateKey(conversationId)))?.value.lastPrompt).toBeUndefined();
    expect(await log.appendBotMessages(conversationId, [{ text: 'proactive' }], 'once-1')).toHaveLength(1);
    expect(await log.appendBotMessages(conversationId, [{ text: 'proactive' }], 'once-1')).toBeNull();
    expect((await store.transcripts.list(conversationId)).map((l) => l.seq)).toEqual([1, 2, 3, 4]);
  });

  it('reach the channel together, split by a delay, each with its id', async () => {
    const runs: string[][] = [];
    const adapter = new ChannelAdapter(async (activities) => {
      runs.push(activities.map((a) => a.text ?? a.type ?? ''));
      return activities.map((a) => (a.text ? `id-${a.text}` : undefined));
    });
    const inbound = { type: 'message', text: 'hi', channelId: 'web', conversation: { id: 'c' }, from: { id: 'v' }, recipient: { id: 'bot' } } as Partial<Activity>;
    let ids: string[] = [];
    await adapter.processActivity(inbound, async (context: TurnContext) => {
      const responses = await context.sendActivities([{ type: 'message', text: 'a' }, { type: 'typing' }, { type: 'message', text: 'b' }, { type: 'delay', value: 1 }, { type: 'message', text: 'c' }]);
      ids = responses.map((r) => r.id);
    });
    expect(runs).toEqual([['a', 'typing', 'b'], ['c']]);
    expect(ids[0]).toBe('id-a');
    expect(ids[2]).toBe('id-b');
    expect(ids[3]).toBe('');
    expect(ids[4]).toBe('id-c');
    // A reply the channel gives no id to gets one.
    expect(ids[1]).toMatch(/^[0-9a-f-]{36}$/);
  });
});
