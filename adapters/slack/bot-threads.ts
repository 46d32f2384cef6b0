/**
 * Channel threads the bot converses in: a mention starts (or joins) the conversation of its thread,
 * and later replies there by the same person continue it without a new mention. Kept in the shared
 * store so every replica, and a restarted process, knows the thread. Other people's replies in the
 * thread are left alone (they are talking to each other, not answering the bot's questions) until
 * they mention the bot themselves. One small document per conversation, like its dialog state.
 */
import type { VersionedStore } from '../../core/ports/versioned-store.js';
import { updateVersioned } from '../../core/ports/versioned-update.js';

interface ThreadDoc {
  users: string[];
  startedAt: string;
}

/** More people than this mentioning the bot in one thread: the earliest are forgotten. */
const MAX_USERS = 50;
const SLACK_ID = /^[A-Z0-9]{1,40}$/;
const SLACK_TS = /^\d{1,12}(\.\d{1,8})?$/;

export class BotThreads {
  constructor(private readonly state: VersionedStore) {}

  /** `user` (of workspace `team`) mentioned the bot in this thread. */
  async join(channel: string, threadTs: string, user: string, team: string): Promise<void> {
    if (!isThread(channel, threadTs, user)) return;
    // Tagged with the bot's visitor id for the user (slack:<team>:<user>), so erasing them forgets the thread.
    const owner = { visitorId: `slack:${team}:${user}` };
    await updateVersioned<ThreadDoc, void>(this.state, threadKey(channel, threadTs), (current) => {
      if (current?.users.includes(user)) return { result: undefined };
      const users = [...(current?.users ?? []), user].slice(-MAX_USERS);
      return { result: undefined, write: { users, startedAt: current?.startedAt ?? new Date().toISOString() } };
    }, { ownerOf: () => owner });
  }

  /** True when `user` is conversing with the bot in this thread. */
  async converses(channel: string, threadTs: string, user: string): Promise<boolean> {
    if (!isThread(channel, threadTs, user)) return false;
    const thread = await this.state.read<ThreadDoc>(threadKey(channel, threadTs));
    return Array.isArray(thread?.value.users) && thread.value.users.includes(user);
  }
}

/** Ids as Slack makes them; anything else never names a thread we keep. */
function isThread(channel: string, threadTs: string, user: string): boolean {
  return SLACK_ID.test(channel) && SLACK_TS.test(threadTs) && SLACK_ID.test(user);
}

function threadKey(channel: string, threadTs: string): string {
  return `slack:thread:${channel}:${threadTs}`;
}
