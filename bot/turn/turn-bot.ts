/**
 * What every channel runs: one turn of the bot on a botbuilder TurnContext (the channel builds the
 * context from its own protocol, queues it per conversation with TurnQueue, and delivers replies).
 */
import type { Activity, TurnContext } from 'botbuilder';

export interface TurnBot {
  run(context: TurnContext): Promise<void>;
  /** What the visitor is told when a turn fails (localised by the bot). */
  turnFailedReply(activity: Pick<Activity, 'locale' | 'text'>): Partial<Activity>;
}
