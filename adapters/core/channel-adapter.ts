/**
 * A Bot Framework adapter for channels we host ourselves (the web widget, Slack): it turns a
 * channel message into an Activity, runs the same bot, and hands its replies to `deliver`, the
 * replies sent together at once (a channel may store them in one write).
 * Keeping this in one place means every channel gets identical bot behaviour.
 */
import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';

/** Delivers replies in order (those sent together, up to a `delay`); resolves with each one's id, if the channel has one. */
export type Deliver = (activities: Partial<Activity>[], reference: Partial<ConversationReference>) => Promise<(string | void)[]>;

export class ChannelAdapter extends BotAdapter {
  constructor(private readonly deliver: Deliver) {
    super();
  }

  /** Run the bot on one inbound activity from the channel. */
  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const full = {
      id: randomUUID(),
      timestamp: new Date(),
      type: ActivityTypes.Message,
      ...activity,
    } as Activity;
    const context = new TurnContext(this, full);
    await this.runMiddleware(context, logic);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const reference = TurnContext.getConversationReference(context.activity);
    const responses: ResourceResponse[] = [];
    let run: Partial<Activity>[] = [];
    const flush = async (): Promise<void> => {
      if (run.length === 0) return;
      const ids = await this.deliver(run, reference);
      run.forEach((activity, i) => responses.push({ id: ids[i] ?? activity.id ?? randomUUID() }));
      run = [];
    };
    for (const activity of activities) {
      if (activity.type !== 'delay') {
        run.push(activity);
        continue;
      }
      await flush();
      await new Promise((resolve) => setTimeout(resolve, typeof activity.value === 'number' ? activity.value : 1000));
      responses.push({ id: '' });
    }
    await flush();
    return responses;
  }

  override async updateActivity(): Promise<void> {
    throw new Error('updateActivity is not supported on this channel');
  }

  override async deleteActivity(): Promise<void> {
    throw new Error('deleteActivity is not supported on this channel');
  }

  override async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    const context = new TurnContext(this, activity as Activity);
    await this.runMiddleware(context, logic);
  }
}
