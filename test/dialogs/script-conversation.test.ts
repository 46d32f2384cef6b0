import { TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { afterEach, describe, expect, it } from 'vitest';
import { VersionedConversationState } from '../../bot/turn/conversation-state.js';
import { ScriptConversation } from '../../bot/turn/script-conversation.js';
import { runTransactionalTurn } from '../../bot/turn/transactional-turn.js';
import type { Locale } from '../../core/lead/model.js';
import type { VersionedStore } from '../../core/ports/versioned-store.js';
import { loadScriptDir } from '../../dialogs/engine/loader.js';
import { createMemoryHost } from '../../dialogs/engine/memory-host.js';
import { ScriptRunner } from '../../dialogs/engine/runner.js';
import { openTestStore, type TestStore } from '../slack/support/test-store.js';

let testStore: TestStore | undefined;
afterEach(async () => {
  await testStore?.cleanup();
  testStore = undefined;
});

async function botFor(locale: Locale) {
  testStore = await openTestStore();
  const scripts = await loadScriptDir('dialogs/scripts');
  const host = createMemoryHost({ score: () => ({ score: 80, temperature: 'hot', breakdown: [], qualified: true }) });
  // New state and runner objects over the same store: a restarted bot process.
  const makeLogic = (store: VersionedStore = testStore!.store.conversations) => {
    const state = new VersionedConversationState(store);
    const conversation = new ScriptConversation(state, new ScriptRunner(scripts), 'qualification');
    return (context: TurnContext) => runTransactionalTurn(context, state, () => conversation.converse(context, host, locale)).then(() => undefined);
  };
  return { makeLogic, host, scripts };
}

/** assertReply compares plain objects field by field, so regexes go through an inspector. */
const says = (pattern: RegExp) => (activity: Partial<Activity>) => expect(activity.text).toMatch(pattern);
const prompt = (activity: Partial<Activity>) => (activity.channelData as { prompt?: { slot: string; kind: string } } | undefined)?.prompt;

describe('ScriptConversation: the bot drives the script runner over the versioned conversation state', () => {
  it('sends prompts with inputHint, channelData.prompt and suggested actions', async () => {
    const { makeLogic } = await botFor('fr');
    const adapter = new TestAdapter(makeLogic());
    await adapter
      .send('bonjour')
      .assertReply((activity) => {
        expect(activity.text).toContain('Bonjour et bienvenue');
        expect(activity.inputHint).toBe('acceptingInput');
        expect(prompt(activity)).toBeUndefined();
      })
      .assertReply((activity) => {
        expect(activity.inputHint).toBe('expectingInput');
        expect(prompt(activity)).toMatchObject({ slot: 'consent', kind: 'confirm' });
        expect(activity.suggestedActions?.actions.map((a) => [a.type, a.title, a.value])).toEqual([['imBack', 'Oui', 'Oui'], ['imBack', 'Non', 'Non']]);
      })
      .send('Oui')
      .assertReply((activity) => expect(prompt(activity)).toEqual({ slot: 'name', kind: 'text' }))
      .send('<b>Camille</b> 😀')
      .assertReply((activity) => expect(prompt(activity)).toEqual({ slot: 'email', kind: 'email' }))
      .send('{"$gt": ""}')
      .assertReply((activity) => {
        expect(activity.text).toContain('ne semble pas valide');
        expect(prompt(activity)?.slot).toBe('email');
      });
  });

  it('resumes after a restart from the stored state', async () => {
    const { makeLogic, host } = await botFor('en');
    const first = new TestAdapter(makeLogic());
    await first.send('hello').assertReply(says(/Hi, welcome/)).assertReply(says(/Do you agree/)).send('yes').assertReply(says(/what's your name/)).send('Jordan').assertReply(says(/email address/));
    await first.send('jordan@northwind.io').assertReply((activity) => expect(prompt(activity)?.slot).toBe('phone'));

    const restarted = new TestAdapter(makeLogic((await testStore!.reopen()).conversations));
    restarted.conversation = first.conversation;
    // A channel's activity ids are unique across restarts; each TestAdapter numbers from 0, which the bot would take for replays.
    await restarted.send({ type: 'message', text: 'skip', id: 'after-restart-1' }).assertReply((activity) => expect(prompt(activity)?.slot).toBe('company'));
    await restarted.send({ type: 'message', text: 'Northwind', id: 'after-restart-2' }).assertReply(says(/Tell me about your project/));
    expect(host.saves.map((save) => save.stage)).toEqual(['mcl']);
    expect(host.lead).toMatchObject({ name: 'Jordan', email: 'jordan@northwind.io', company: 'Northwind' });
  });

  it('resumes a conversation saved by the former botbuilder-dialogs bridge, and stores it in the new shape', async () => {
    const { makeLogic, host, scripts } = await botFor('en');
    const adapter = new TestAdapter(makeLogic());
    const key = `conversation/${adapter.conversation.channelId}/${adapter.conversation.conversation.id}`;
    // As the bridge stored it (captured from it): the runner state on top of botbuilder-dialogs' stack.
    const runner = {
      v: 1, version: scripts.version, entry: 'qualification#main', locale: 'en',
      stack: [{ flow: 'qualification#main', pc: 8 }, { flow: 'contact#capture', pc: 2 }],
      values: { consent: true, name: 'Jordan', email: 'jordan@northwind.io' },
      attempts: 0, done: false, pending: { type: 'ask', slot: 'phone' },
    };
    await testStore!.store.conversations.write(key, { locale: 'en', dialogState: { dialogStack: [{ id: 'qualification', state: { runner } }] } }, null);

    await adapter.send('skip').assertReply((activity) => expect(prompt(activity)?.slot).toBe('company'));
    const stored = (await testStore!.store.conversations.read<Record<string, unknown>>(key))?.value;
    expect(stored).not.toHaveProperty('dialogState');
    expect(stored).toMatchObject({ locale: 'en', runner: { values: { name: 'Jordan', email: 'jordan@northwind.io' }, pending: { slot: 'company' } } });
    await adapter.send('Northwind').assertReply(says(/Tell me about your project/));
    expect(host.lead).toMatchObject({ company: 'Northwind' });
  });

  it('ends the conversation politely when consent is declined, and a new message starts it again', async () => {
    const { makeLogic, host } = await botFor('en');
    const adapter = new TestAdapter(makeLogic());
    await adapter.send('hi').assertReply(says(/welcome/)).assertReply(says(/Do you agree/)).send('no').assertReply((activity) => {
      expect(activity.text).toContain("won't store anything");
      expect(activity.inputHint).toBe('acceptingInput');
    });
    expect(host.saves).toEqual([]);
    await adapter.send('hello again').assertReply(says(/welcome/)).assertReply(says(/Do you agree/));
  });
});
