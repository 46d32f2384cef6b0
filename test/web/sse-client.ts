/** Reads a server-sent-events stream with fetch, as a browser's EventSource would, for the HTTP tests. */
export interface SseEvent {
  event: string;
  data: unknown;
  id?: string;
}

export interface SseReadOptions {
  headers?: Record<string, string>;
  /** Stop once this returns true for the events received so far. */
  until: (events: SseEvent[]) => boolean;
  timeoutMs?: number;
}

export async function readSse(url: string, options: SseReadOptions): Promise<SseEvent[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.timeoutMs ?? 5000);
  const events: SseEvent[] = [];
  try {
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...options.headers }, signal: abort.signal });
    for await (const event of parseSse(url, response)) {
      events.push(event);
      if (options.until(events)) return events;
    }
    throw new Error(`SSE ${url}: stream ended before the expected events; got ${JSON.stringify(events)}`);
  } catch (error) {
    if (abort.signal.aborted) throw new Error(`SSE ${url}: timed out; got ${JSON.stringify(events)}`);
    throw error;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

/** A stream kept open while a test acts elsewhere: events accumulate until `close()`. */
export interface SseFollower {
  readonly events: SseEvent[];
  /** Resolves with the events once `predicate` holds for them; rejects after `timeoutMs`. */
  waitFor(predicate: (events: SseEvent[]) => boolean, timeoutMs?: number): Promise<SseEvent[]>;
  close(): void;
}

export function followSse(url: string, headers: Record<string, string> = {}): SseFollower {
  const abort = new AbortController();
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let failure: unknown;
  const notify = (): void => waiters.forEach((wake) => wake());
  void (async () => {
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    for await (const event of parseSse(url, response)) {
      events.push(event);
      notify();
    }
  })()
    .catch((error: unknown) => {
      if (!abort.signal.aborted) failure = error;
    })
    .finally(notify);
  return {
    events,
    waitFor: (predicate, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`SSE ${url}: timed out; got ${JSON.stringify(events)}`)), timeoutMs);
        const done = (error?: unknown): void => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error instanceof Error ? error : new Error(String(error)));
          else resolve(events);
        };
        const check = (): void => {
          if (predicate(events)) done();
          else if (failure) done(failure);
        };
        waiters.add(check);
        check();
      }),
    close: () => abort.abort(),
  };
}

async function* parseSse(url: string, response: Response): AsyncGenerator<SseEvent> {
  if (!response.ok || !response.body) throw new Error(`SSE ${url}: HTTP ${response.status} ${await response.text()}`);
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = response.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    buffer += decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = new Map(block.split('\n').filter((l) => !l.startsWith(':') && l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trimStart()]));
      if (!fields.has('data')) continue;
      yield { event: fields.get('event') ?? 'message', data: JSON.parse(fields.get('data')!), ...(fields.has('id') ? { id: fields.get('id') } : {}) };
    }
  }
}
