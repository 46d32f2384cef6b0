/** A turn is one unit of work of the store: it waits once for what it read and wrote to be durable, and only then replies. */
import { open } from 'node:fs/promises';
import os from 'node:os';
import { ActivityTypes, TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VersionedConversationState } from '../../bot/turn/conversation-state.js';
import { runTransactionalTurn, type TurnOptions } from '../../bot/turn/transactional-turn.js';
import type { Store } from '../../core/ports/store.js';
import { openTestStore, type TestStore } from '../slack/support/test-store.js';

type DataSync = (this: { fd: number }) => Promise<void>;

let testStore: TestStore | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await testStore?.cleanup();
  testStore = undefined;
});

/** Holds every fsync of the store's log until the test lets it go. */
async function holdFsyncs(): Promise<{ started: () => number; releaseAll: () => void }> {
  const probe = await open(os.devNull);
  const fileHandle = Object.getPrototypeOf(probe) as { datasync: DataSync };
  await probe.close();
  const realSync = fileHandle.datasync;
  const waiting: (() => void)[] = [];
  let started = 0;
  vi.spyOn(fileHandle, 'datasync').mockImplementation(function (this: { fd: number }) {
    started++;
    return new Promise<void>((resolve, reject) => waiting.push(() => void realSync.call(this).then(resolve, reject)));
  });
  return { started: () => started, releaseAll: () => waiting.splice(0).forEach((release) => release()) };
}

/** One visitor message whose turn writes a transcript line and replies; the reply is recorded in the unit too. */
function turnOf(store: Store, options: TurnOptions): { adapter: TestAdapter; run: (text: string) => Promise<void> } {
  const state = new VersionedConversationState(store.conversations);
  const adapter = new TestAdapter(async () => undefined);
  const logic = (context: TurnContext) =>
    runTransactionalTurn(
      context,
      state,
      async () => {
        await store.transcripts.append({ conversationId: 'c1', from: 'user', text: context.activity.text ?? '', at: new Date() });
        await context.sendActivity(`noted: ${context.activity.text}`);
      },
      options,
    ).then(() => undefined);
  let n = 0;
  const run = (text: string) =>
    adapter.processActivity({ type: ActivityTypes.Message, id: `a${++n}`, text, channelId: 'test', conversation: { id: 'c1' }, from: { id: 'u1' }, recipient: { id: 'bot' } } as Partial<Activity>, logic);
  return { adapter, run };
}

describe('runTransactionalTurn in a unit of work', () => {
  it('releases the replies only once the turn is durable, after one fsync for all its reads and writes', async () => {
    testStore = await openTestStore();
    const { store } = testStore;
    const fsyncs = await holdFsyncs();
    const { adapter, run } = turnOf(store, {
      unitOfWork: (work) => store.unitOfWork(work),
      saved: async (replies) => {
        for (const reply of replies) await store.transcripts.append({ conversationId: 'c1', from: 'bot', text: reply.text ?? '', at: new Date() });
      },
    });

    let done = false;
    const turn = run('bonjour').then(() => (done = true));
    await vi.waitFor(() => expect(fsyncs.started()).toBe(1));
    // The logic's write, the state and the transcript of the reply: one commit, one fsync, no reply yet.
    await new Promise((resolve) => setImmediate(resolve));
    expect(fsyncs.started()).toBe(1);
    expect(adapter.activeQueue).toHaveLength(0);
    expect(done).toBe(false);

    fsyncs.releaseAll();
    await turn;
    expect(adapter.activeQueue.map((activity) => activity.text)).toEqual(['noted: bonjour']);
    expect((await store.transcripts.list('c1')).map((entry) => [entry.from, entry.text])).toEqual([
      ['user', 'bonjour'],
      ['bot', 'noted: bonjour'],
    ]);
  });

  it('without a unit, each write of the turn waits for an fsync of its own', async () => {
    testStore = await openTestStore();
    const { store } = testStore;
    const fsyncs = await holdFsyncs();
    const { adapter, run } = turnOf(store, {});

    const turn = run('bonjour');
    // The logic's write, then the state: one after the other, each acknowledged after its fsync.
    await vi.waitFor(() => expect(fsyncs.started()).toBe(1));
    fsyncs.releaseAll();
    await vi.waitFor(() => expect(fsyncs.started()).toBe(2));
    expect(adapter.activeQueue).toHaveLength(0);
    fsyncs.releaseAll();
    await turn;
    expect(fsyncs.started()).toBe(2);
    expect(adapter.activeQueue.map((activity) => activity.text)).toEqual(['noted: bonjour']);
  });

  it('withholds the replies and fails the turn when the unit could not be made durable', async () => {
    testStore = await openTestStore();
    const { store } = testStore;
    const probe = await open(os.devNull);
    const fileHandle = Object.getPrototypeOf(probe) as { datasync: DataSync };
    await probe.close();
    vi.spyOn(fileHandle, 'datasync').mockRejectedValue(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    const { adapter, run } = turnOf(store, { unitOfWork: (work) => store.unitOfWork(work) });

    await expect(run('bonjour')).rejects.toMatchObject({ code: 'EIO' });
    expect(adapter.activeQueue).toHaveLength(0);
  });
});
