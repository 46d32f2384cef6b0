/**
 * The bridge to botbuilder-dialogs: a Dialog that drives the script runner from a DialogContext.
 * The runner state lives in the dialog's own state, so it is saved with the conversation state
 * and a restarted bot resumes where the visitor was.
 */
import { ActionTypes, ActivityTypes, InputHints, type Activity, type CardAction } from 'botbuilder';
import { Dialog, DialogSet, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Locale } from '../../core/lead/model.js';
import type { DialogHost } from '../engine/host.js';
import type { BotOutput, RunnerState, ScriptSet, TurnResult } from '../engine/model.js';
import { ScriptRunner } from '../engine/runner.js';

/** The bot puts this turn's DialogHost in `context.turnState` under this key. */
export const DIALOG_HOST_KEY = Symbol.for('leadq.dialogHost');

export interface ScriptDialogOptions {
  locale?: Locale;
}

interface DialogState {
  runner?: RunnerState;
}

export class ScriptDialog extends Dialog<ScriptDialogOptions> {
  constructor(
    dialogId: string,
    private readonly runner: ScriptRunner,
    private readonly entry: string,
  ) {
    super(dialogId);
  }

  override async beginDialog(dc: DialogContext, options?: ScriptDialogOptions): Promise<DialogTurnResult> {
    const locale = options?.locale ?? localeOf(dc.context.activity.locale);
    return this.deliver(dc, await this.runner.start({ locale, host: hostOf(dc), entry: this.entry }));
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { activity } = dc.context;
    if (activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const state = (dc.activeDialog?.state as DialogState | undefined)?.runner;
    if (!state) return dc.endDialog();
    return this.deliver(dc, await this.runner.resume(state, activity.text, hostOf(dc)));
  }

  private async deliver(dc: DialogContext, turn: TurnResult): Promise<DialogTurnResult> {
    if (turn.outputs.length) await dc.context.sendActivities(turn.outputs.map(toActivity));
    if (turn.done) return dc.endDialog(turn.state.values);
    (dc.activeDialog!.state as DialogState).runner = turn.state;
    return Dialog.EndOfTurn;
  }
}

/** One runner output as a Bot Framework activity, following the prompt contract (docs/architecture.md). */
export function toActivity(output: BotOutput): Partial<Activity> {
  if (!output.prompt) return { type: ActivityTypes.Message, text: output.text, inputHint: InputHints.AcceptingInput };
  const { prompt } = output;
  const actions: CardAction[] = (prompt.choices ?? []).map((choice) => ({ type: ActionTypes.ImBack, title: choice.label, value: choice.label }));
  return {
    type: ActivityTypes.Message,
    text: output.text,
    inputHint: InputHints.ExpectingInput,
    channelData: { prompt },
    ...(actions.length && { suggestedActions: { actions, to: [] } }),
  };
}

function hostOf(dc: DialogContext): DialogHost {
  const host = dc.context.turnState.get(DIALOG_HOST_KEY) as DialogHost | undefined;
  if (!host) throw new Error('no DialogHost in turnState: set context.turnState.set(DIALOG_HOST_KEY, host) before running the dialog');
  return host;
}

function localeOf(activityLocale: string | undefined): Locale {
  return activityLocale?.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

/**
 * A DialogSet with one ScriptDialog per script file (dialog id = file id, e.g. "qualification"),
 * all sharing one runner so a hot reload (`runner.setScripts`) reaches every dialog.
 */
export function createScriptDialogSet(scripts: ScriptSet, dialogState?: ConstructorParameters<typeof DialogSet>[0]): { dialogs: DialogSet; runner: ScriptRunner } {
  const runner = new ScriptRunner(scripts);
  const dialogs = new DialogSet(dialogState);
  for (const id of scripts.entries.keys()) dialogs.add(new ScriptDialog(id, runner, id));
  return { dialogs, runner };
}
