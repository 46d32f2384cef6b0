/**
 * The one per-conversation turn queue of every channel (Bot Framework, website, Slack): turns of a
 * conversation run one after the other, in arrival order, so a visitor's answers are never read
 * against each other's half-saved state in this process; other conversations run at once. Across
 * processes the versioned state still decides (see transactional-turn.ts).
 */
export class TurnQueue {
  /** The last queued turn of each conversation, settled either way; removed once nothing follows it. */
  private readonly tails = new Map<string, Promise<void>>();

  /** Run `turn` after the conversation's queued turns; resolves or rejects as `turn` does. */
  run<T>(key: string, turn: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(turn);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Conversations with a turn running or waiting. */
  get size(): number {
    return this.tails.size;
  }

  /** Resolves once every queued turn has settled, including turns queued meanwhile (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }
}

/** The queue key of a conversation: channel-qualified, since conversation ids of two channels may collide. */
export function conversationKey(channelId: string | undefined, conversationId: string): string {
  return `${channelId ?? ''}:${conversationId}`;
}
