/**
 * A turn is a transaction: replies are held back until the conversation state is saved, and a
 * concurrency conflict re-runs the turn on fresh state. The visitor therefore never sees replies
 * from a turn whose state was thrown away, and never sees them twice; an activity id seen before in
 * the conversation is not processed again. Returns what was sent.
 */
import type { Activity, TurnContext } from 'botbuilder';
import { ConcurrencyError } from '../../core/ports/versioned-store.js';
import type { VersionedConversationState } from './conversation-state.js';

export const MAX_TURN_ATTEMPTS = 4;

export async function runTransactionalTurn(
  context: TurnContext,
  state: VersionedConversationState,
  logic: () => Promise<void>,
): Promise<Partial<Activity>[]> {
  const held: Partial<Activity>[] = [];
  let release = false;
  context.onSendActivities(async (_ctx, activities, next) => {
    if (release) return next();
    held.push(...activities);
    return activities.map(() => ({ id: '' }));
  });
  try {
    for (let attempt = 1; ; attempt++) {
      held.length = 0;
      await state.load(context);
      // A replayed activity (a channel's retry, a hostile copy) has no effect and no reply.
      if (!state.firstSighting(context)) return [];
      await logic();
      try {
        await state.save(context);
        break;
      } catch (err) {
        if (!(err instanceof ConcurrencyError) || attempt >= MAX_TURN_ATTEMPTS) throw err;
        // Back off a little so the competing turn can finish, then replay on its result.
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10));
      }
    }
  } finally {
    // Whatever happens next (including onTurnError's apology) must reach the channel.
    release = true;
  }
  if (held.length > 0) await context.sendActivities(held);
  return held;
}
