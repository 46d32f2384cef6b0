import { describe, expect, it } from 'vitest';
import { conversationKey, TurnQueue } from '../../bot/turn/turn-queue.js';

/** A promise the test settles when it chooses. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (err: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('the per-conversation turn queue', () => {
  it('runs the turns of one conversation one after the other, in arrival order', async () => {
    const queue = new TurnQueue();
    const order: string[] = [];
    const first = deferred();
    const a = queue.run('web:c1', async () => {
      order.push('a starts');
      await first.promise;
      order.push('a ends');
      return 'a';
    });
    const b = queue.run('web:c1', async () => {
      order.push('b runs');
      return 'b';
    });
    await Promise.resolve();
    expect(order).toEqual(['a starts']);
    first.resolve();
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(order).toEqual(['a starts', 'a ends', 'b runs']);
  });

  it('runs other conversations at once', async () => {
    const queue = new TurnQueue();
    const blocked = deferred();
    const slow = queue.run('web:c1', () => blocked.promise);
    await expect(queue.run('web:c2', async () => 'other')).resolves.toBe('other');
    expect(queue.size).toBe(1);
    blocked.resolve();
    await slow;
  });

  it('passes a failed turn its error and still runs the next one', async () => {
    const queue = new TurnQueue();
    const failed = queue.run('slack:D1', async () => {
      throw new Error('boom');
    });
    const next = queue.run('slack:D1', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });

  it('is idle only once every turn has settled, including turns queued meanwhile, and forgets settled conversations', async () => {
    const queue = new TurnQueue();
    const gate = deferred();
    let later: Promise<string> | undefined;
    void queue.run('bf:c1', async () => {
      await gate.promise;
      later = queue.run('bf:c1', async () => 'queued meanwhile');
    });
    let idle = false;
    const waiting = queue.idle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    gate.resolve();
    await waiting;
    await expect(later).resolves.toBe('queued meanwhile');
    expect(queue.size).toBe(0);
  });

  it('keys conversations by channel, so equal ids of two channels do not wait for each other', () => {
    expect(conversationKey('web', 'x')).not.toBe(conversationKey('slack', 'x'));
    expect(conversationKey(undefined, 'x')).toBe(':x');
  });
});
