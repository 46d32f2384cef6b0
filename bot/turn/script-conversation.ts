/**
 * Drives the script runner for one conversation. The runner keeps its own stack, so its state is
 * stored as is in the versioned conversation state (`runner`), saved with the turn.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Locale } from '../../core/lead/model.js';
import type { DialogHost } from '../../dialogs/engine/host.js';
import type { RunnerState } from '../../dialogs/engine/model.js';
import type { ScriptRunner } from '../../dialogs/engine/runner.js';
import type { VersionedConversationState } from './conversation-state.js';
import { replyActivity } from './reply-activity.js';

const RUNNER_KEY = 'runner';
/** Where botbuilder-dialogs kept the runner state before the bot drove the runner itself. */
const LEGACY_DIALOG_STATE_KEY = 'dialogState';

interface LegacyDialogState {
  dialogStack?: { state?: { runner?: RunnerState } }[];
}

export class ScriptConversation {
  constructor(
    private readonly state: VersionedConversationState,
    private readonly runner: ScriptRunner,
    /** Entry script id (file name without .yaml). */
    private readonly entry: string,
  ) {}

  /** Resumes the conversation on a message, or starts the entry script when none is running. */
  async converse(context: TurnContext, host: DialogHost, locale: Locale): Promise<void> {
    const property = this.state.createProperty<RunnerState | undefined>(RUNNER_KEY);
    const saved = (await property.get(context)) ?? (await this.migrateLegacy(context));
    if (saved && context.activity.type !== ActivityTypes.Message) return;
    const turn = saved ? await this.runner.resume(saved, context.activity.text, host) : await this.runner.start({ locale, host, entry: this.entry });
    if (turn.outputs.length) await context.sendActivities(turn.outputs.map((output) => replyActivity(output, turn.state.version)));
    // A finished conversation is forgotten: the visitor's next message starts the entry script again.
    if (turn.done) await property.delete(context);
    else await property.set(context, turn.state);
  }

  /** A message of the entry script in this locale, for replies outside the script (a failed turn's apology). */
  message(key: string, locale: Locale): string {
    return this.runner.messageText(key, locale, this.entry);
  }

  /** Asks the pending question again (a rep handed the visitor back); nothing when no script is running. */
  async reprompt(context: TurnContext, host: DialogHost): Promise<void> {
    const saved = (await this.state.createProperty<RunnerState | undefined>(RUNNER_KEY).get(context)) ?? (await this.migrateLegacy(context));
    if (!saved) return;
    const outputs = this.runner.reprompt(saved, host);
    if (outputs.length) await context.sendActivities(outputs.map((output) => replyActivity(output, saved.version)));
  }

  /** A conversation saved by the botbuilder-dialogs bridge: its runner state is the top of that stack. */
  private async migrateLegacy(context: TurnContext): Promise<RunnerState | undefined> {
    const legacy = this.state.createProperty<LegacyDialogState | undefined>(LEGACY_DIALOG_STATE_KEY);
    const stack = (await legacy.get(context))?.dialogStack;
    if (!stack) return undefined;
    await legacy.delete(context);
    return stack.at(-1)?.state?.runner;
  }
}
