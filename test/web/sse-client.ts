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
        events.push({ event: fields.get('event') ?? 'message', data: JSON.parse(fields.get('data')!), ...(fields.has('id') ? { id: fields.get('id') } : {}) });
      }
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
