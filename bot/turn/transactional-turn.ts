/**
 * A turn is a transaction: replies are held back until the conversation state is saved, and a
 * concurrency conflict re-runs the turn on fresh state. The visitor therefore never sees replies
 * from a turn whose state was thrown away, and never sees them twice; an activity id seen before in
 * the conversation is not processed again. Returns what was sent.
 *
 * The turn runs as one unit of work of the store (Store.unitOfWork): its reads and writes do not
 * each wait to be durable, the unit waits once, and only then are the replies released.
 */
import type { Activity, TurnContext } from 'botbuilder';
import { ConcurrencyError } from '../../core/ports/versioned-store.js';
import type { Store } from '../../core/ports/store.js';
import type { VersionedConversationState } from './conversation-state.js';

export const MAX_TURN_ATTEMPTS = 4;

export interface TurnOptions {
  /** The store's unit of work; without one, each read and write waits to be durable. */
  unitOfWork?: Store['unitOfWork'];
  /** Runs in the unit once the state is saved, with the replies about to be released (a transcript). */
  saved?: (replies: readonly Partial<Activity>[]) => Promise<void>;
}

export async function runTransactionalTurn(
  context: TurnContext,
  state: VersionedConversationState,
  logic: () => Promise<void>,
  { unitOfWork = (work) => work(), saved }: TurnOptions = {},
): Promise<Partial<Activity>[]> {
  const held: Partial<Activity>[] = [];
  let release = false;
  context.onSendActivities(async (_ctx, activities, next) => {
    if (release) return next();
    held.push(...activities);
    return activities.map(() => ({ id: '' }));
  });
  try {
    const replayed = await unitOfWork(async () => {
      for (let attempt = 1; ; attempt++) {
        held.length = 0;
        await state.load(context);
        // A replayed activity (a channel's retry, a hostile copy) has no effect and no reply.
        if (!state.firstSighting(context)) return true;
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
      await saved?.(held);
      return false;
    });
    if (replayed) return [];
  } finally {
    // Whatever happens next (including onTurnError's apology) must reach the channel.
    release = true;
  }
  if (held.length > 0) await context.sendActivities(held);
  return held;
}
