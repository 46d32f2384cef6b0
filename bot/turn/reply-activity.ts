/**
 * One runner output as a Bot Framework activity, following the prompt contract
 * (docs/architecture.md): a question carries `inputHint: expectingInput`, `channelData.prompt`
 * and its choices as suggested actions.
 */
import { ActionTypes, ActivityTypes, InputHints, type Activity, type CardAction } from 'botbuilder';
import type { BotOutput } from '../../dialogs/engine/model.js';

export function replyActivity(output: BotOutput): Partial<Activity> {
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
