import { afterEach, describe, expect, it } from 'vitest';
import { PermanentError, RetryAfterError } from '../../bot/outbox/errors.js';
import { OutboxWorker, type OutboxHandler } from '../../bot/outbox/worker.js';
import type { OutboxItem, OutboxRepository } from '../../core/ports/repository.js';
import { openTestStore, type TestStore } from './support/test-store.js';

const TOPIC = 'test.topic';
const running: OutboxWorker[] = [];
let testStore: TestStore | undefined;

afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => w.stop()));
  await testStore?.cleanup();
  testStore = undefined;
});

async function outbox(): Promise<OutboxRepository> {
  testStore = await openTestStore();
  return testStore.store.outbox;
}

function worker(repo: OutboxRepository, handler: OutboxHandler, options: Partial<ConstructorParameters<typeof OutboxWorker>[0]> = {}): OutboxWorker {
  const w = new OutboxWorker({ outbox: repo, topics: [TOPIC], handler, pollIntervalMs: 20, backoff: { minMs: 20, maxMs: 1_000 }, ...options });
  running.push(w);
  w.start();
  return w;
}

async function until<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The same outbox with some operations replaced (a worker losing its lease, a claim counter). */
function override(repo: OutboxRepository, overrides: Partial<OutboxRepository>): OutboxRepository {
  return {
    enqueue: (...args) => repo.enqueue(...args),
    claim: (...args) => repo.claim(...args),
    renew: (...args) => repo.renew(...args),
    complete: (...args) => repo.complete(...args),
    fail: (...args) => repo.fail(...args),
    get: (...args) => repo.get(...args),
    removeByLead: (...args) => repo.removeByLead(...args),
    listDead: (...args) => repo.listDead(...args),
    replay: (...args) => repo.replay(...args),
    ...overrides,
  };
}

const statusIs = (repo: OutboxRepository, key: string, status: string) => async () => {
  const item = await repo.get(key);
  return item?.status === status ? item : null;
};

describe('OutboxWorker', () => {
  it('completes an item with the handler result', async () => {
    const repo = await outbox();
    await repo.enqueue(TOPIC, 'k1', { n: 1 });
    worker(repo, async (item) => ({ echoed: (item.payload as { n: number }).n }));
    const done = await until(statusIs(repo, 'k1', 'done'));
    expect(done.result).toEqual({ echoed: 1 });
    expect(done.attempts).toBe(1);
  });

  it('retries with growing, jittered backoff, then gives up (dead) after maxAttempts', async () => {
    const repo = await outbox();
    await repo.enqueue(TOPIC, 'k2', {});
    const attemptsAt: number[] = [];
    worker(
      repo,
      async () => {
        attemptsAt.push(Date.now());
        throw new Error('remote down');
      },
      { maxAttempts: 4, backoff: { minMs: 40, maxMs: 10_000, factor: 2, jitter: true } },
    );
    const dead = await until(statusIs(repo, 'k2', 'dead'));
    expect(dead.attempts).toBe(4);
    expect(dead.lastError).toBe('remote down');
    const gaps = attemptsAt.slice(1).map((t, i) => t - (attemptsAt[i] ?? t));
    // minMs·factor^n, times a jitter in [1, 2): 40–80, 80–160, 160–320 ms (plus polling slack).
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    expect(gaps[2]).toBeGreaterThanOrEqual(155);
    expect(gaps[2]).toBeLessThan(320 + 200);
  });

  it('sends a PermanentError straight to dead', async () => {
    const repo = await outbox();
    await repo.enqueue(TOPIC, 'k3', {});
    worker(repo, async () => {
      throw new PermanentError('channel_not_found');
    });
    const dead = await until(statusIs(repo, 'k3', 'dead'));
    expect(dead.attempts).toBe(1);
  });

  it('waits at least Retry-After, and rate limits never make an item dead', async () => {
    const repo = await outbox();
    await repo.enqueue(TOPIC, 'k4', {});
    const attemptsAt: number[] = [];
    worker(
      repo,
      async () => {
        attemptsAt.push(Date.now());
        if (attemptsAt.length <= 3) throw new RetryAfterError(150);
        return 'ok';
      },
      { maxAttempts: 2 },
    );
    const done = await until(statusIs(repo, 'k4', 'done'));
    expect(done.attempts).toBe(4);
    for (let i = 1; i < attemptsAt.length; i += 1) expect((attemptsAt[i] ?? 0) - (attemptsAt[i - 1] ?? 0)).toBeGreaterThanOrEqual(145);
  });

  it('renews the lease of a long handler so no other worker takes the item meanwhile', async () => {
    const repo = await outbox();
    await repo.enqueue(TOPIC, 'k5', {});
    let calls = 0;
    const slow: OutboxHandler = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 500));
      return 'slow done';
    };
    worker(repo, slow, { leaseMs: 120, workerId: 'a' });
    worker(repo, slow, { leaseMs: 120, workerId: 'b' });
    const done = await until(statusIs(repo, 'k5', 'done'));
    expect(done.result).toBe('slow done');
    expect(calls).toBe(1);
  });

  it('aborts the handler when the lease is lost, and does not complete the item', async () => {
    const repo = await outbox();
    await repo.enqueue(TOPIC, 'k6', {});
    const losing = override(repo, { renew: async () => false });
    let aborted = false;
    worker(
      losing,
      (_item, { signal }) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve('too late');
          });
        }),
      { leaseMs: 60, maxAttempts: 1 },
    );
    await until(async () => aborted);
    const item = await repo.get('k6');
    expect(item?.status).not.toBe('done');
  });

  it('stop() waits for a running handler; past stopTimeoutMs it abandons it to lease expiry', async () => {
    const repo = await outbox();
    await repo.enqueue(TOPIC, 'k7', {});
    await repo.enqueue(TOPIC, 'k8', {});
    const graceful = worker(repo, async (item) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return item._id;
    });
    await until(async () => (await repo.get('k7'))?.status === 'processing');
    await graceful.stop();
    expect((await repo.get('k7'))?.status).toBe('done');
    expect((await repo.get('k8'))?.status).toBe('pending');

    let signal: AbortSignal | undefined;
    const stuck = worker(repo, (_item, context) => {
      signal = context.signal;
      return new Promise(() => undefined);
    }, { stopTimeoutMs: 100, leaseMs: 5_000 });
    await until(async () => signal);
    const started = Date.now();
    await stuck.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(signal?.aborted).toBe(true);
    const abandoned = (await repo.get('k8')) as OutboxItem;
    expect(abandoned.status).toBe('processing');
    expect(abandoned.leaseOwner).toBe(stuck.workerId);
  });

  it('polls at its interval when idle (no busy loop) and wake() polls at once', async () => {
    const repo = await outbox();
    const counted = (count: { claims: number }) => override(repo, {
      claim: (...args) => {
        count.claims += 1;
        return repo.claim(...args);
      },
    });
    // Idle: four claims take at least three intervals (a busy loop would make them in a few ms).
    const idle = { claims: 0 };
    const started = Date.now();
    const polling = worker(counted(idle), async () => 'ok', { pollIntervalMs: 100 });
    await until(async () => idle.claims >= 4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await polling.stop();

    // wake() claims at once, not at the next poll a minute later.
    const sleepy = { claims: 0 };
    const w = worker(counted(sleepy), async () => 'ok', { pollIntervalMs: 60_000 });
    await until(async () => sleepy.claims >= 1);
    await repo.enqueue(TOPIC, 'k9', {});
    w.wake();
    await until(statusIs(repo, 'k9', 'done'));
    expect(sleepy.claims).toBeGreaterThanOrEqual(2);
  });
});
