import { ConversationState, MemoryStorage, TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { describe, expect, it } from 'vitest';
import { createScriptDialogSet, DIALOG_HOST_KEY } from '../../dialogs/compiler/script-dialog.js';
import { loadScriptDir } from '../../dialogs/engine/loader.js';
import { createMemoryHost } from '../../dialogs/engine/memory-host.js';

async function botFor(locale?: 'fr' | 'en') {
  const scripts = await loadScriptDir('dialogs/scripts');
  const storage = new MemoryStorage();
  const host = createMemoryHost({ score: () => ({ score: 80, temperature: 'hot', breakdown: [], qualified: true }) });
  // A fresh ConversationState per bot instance: a second instance on the same storage is a restarted process.
  const makeLogic = () => {
    const conversationState = new ConversationState(storage);
    const { dialogs } = createScriptDialogSet(scripts, conversationState.createProperty('dialogState'));
    return async (context: TurnContext) => {
      context.turnState.set(DIALOG_HOST_KEY, host);
      const dc = await dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog('qualification', locale ? { locale } : undefined);
      await conversationState.saveChanges(context);
    };
  };
  return { makeLogic, host };
}

/** assertReply compares plain objects field by field, so regexes go through an inspector. */
const says = (pattern: RegExp) => (activity: Partial<Activity>) => expect(activity.text).toMatch(pattern);
const prompt = (activity: Partial<Activity>) => (activity.channelData as { prompt?: { slot: string; kind: string } } | undefined)?.prompt;

describe('ScriptDialog (botbuilder)', () => {
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

  it('picks the locale from the activity and resumes after a restart from stored state', async () => {
    const { makeLogic, host } = await botFor();
    const first = new TestAdapter(makeLogic(), { locale: 'en-US' });
    await first.send('hello').assertReply(says(/Hi, welcome/)).assertReply(says(/Do you agree/)).send('yes').assertReply(says(/what's your name/)).send('Jordan').assertReply(says(/email address/));
    await first.send('jordan@northwind.io').assertReply((activity) => expect(prompt(activity)?.slot).toBe('phone'));

    // Same storage and conversation, new dialog set and state objects: a restarted bot process.
    const restarted = new TestAdapter(makeLogic(), { locale: 'en-US' });
    restarted.conversation = first.conversation;
    await restarted.send('skip').assertReply((activity) => expect(prompt(activity)?.slot).toBe('company'));
    await restarted.send('Northwind').assertReply(says(/Tell me about your project/));
    expect(host.saves.map((save) => save.stage)).toEqual(['mcl']);
    expect(host.lead).toMatchObject({ name: 'Jordan', email: 'jordan@northwind.io', company: 'Northwind' });
  });

  it('ends the dialog politely when consent is declined', async () => {
    const { makeLogic, host } = await botFor('en');
    const adapter = new TestAdapter(makeLogic());
    await adapter.send('hi').assertReply(says(/welcome/)).assertReply(says(/Do you agree/)).send('no').assertReply((activity) => {
      expect(activity.text).toContain("won't store anything");
      expect(activity.inputHint).toBe('acceptingInput');
    });
    expect(host.saves).toEqual([]);
  });
});
