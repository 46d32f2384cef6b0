/**
 * One runner output as a Bot Framework activity, following the prompt contract
 * (docs/architecture.md): a question carries `inputHint: expectingInput`, `channelData.prompt`
 * and its choices as suggested actions.
 */
import { ActionTypes, ActivityTypes, InputHints, type Activity, type CardAction } from 'botbuilder';
import type { BotOutput } from '../../dialogs/engine/model.js';

/** `scriptVersion`: the script set the conversation runs (its content hash), recorded with the transcript for the funnel. */
export function replyActivity(output: BotOutput, scriptVersion?: string): Partial<Activity> {
  if (!output.prompt) return { type: ActivityTypes.Message, text: output.text, inputHint: InputHints.AcceptingInput, ...(scriptVersion && { channelData: { scriptVersion } }) };
  const { prompt } = output;
  const actions: CardAction[] = (prompt.choices ?? []).map((choice) => ({ type: ActionTypes.ImBack, title: choice.label, value: choice.label }));
  return {
    type: ActivityTypes.Message,
    text: output.text,
    inputHint: InputHints.ExpectingInput,
    channelData: { prompt, ...(scriptVersion && { scriptVersion }) },
    ...(actions.length && { suggestedActions: { actions, to: [] } }),
  };
}
