/**
 * Open event streams are capped per IP (WEB_STREAMS_PER_IP): beyond the cap a stream request gets
 * 429 with a JSON error and Retry-After, and a closed stream frees its place.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationStateKey } from '../../adapters/web/conversation-log.js';
import { ConfigError, loadConfig } from '../../bot/config.js';
import { startApp, type RunningApp } from '../support/app-harness.js';

const CAP = 2;
let running: RunningApp;
beforeAll(async () => {
  running = await startApp({ env: { WEB_STREAMS_PER_IP: String(CAP) } });
});
afterAll(async () => {
  await running.dispose();
});

interface OpenStream {
  status: number;
  close(): void;
  response: Response;
}

/** Opens a widget event stream; when the server accepts it, resolves once the `ready` event arrived. */
async function openStream(): Promise<OpenStream> {
  const abort = new AbortController();
  const url = `${running.url}/api/web/conversations/${randomUUID()}/events?visitorId=${randomUUID()}`;
  const response = await fetch(url, { signal: abort.signal, headers: { accept: 'text/event-stream' } });
  if (response.status === 200) {
    const reader = response.body!.getReader();
    let seen = '';
    while (!seen.includes('event: ready')) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended before ready: ${seen}`);
      seen += new TextDecoder().decode(value);
    }
  }
  return { status: response.status, response, close: () => abort.abort() };
}

async function pollUntil<T>(attempt: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('open event streams per IP', () => {
  it('refuses the stream beyond the cap with 429, a JSON error and Retry-After, and frees a place when a stream closes', async () => {
    const open = [await openStream(), await openStream()];
    expect(open.map((s) => s.status)).toEqual([200, 200]);

    const refused = await openStream();
    expect(refused.status).toBe(429);
    expect(refused.response.headers.get('content-type')).toContain('application/json');
    expect(Number(refused.response.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused.response.json()) as { error: { code: string; message: string; details: { maxStreams: number } } };
    expect(body.error.code).toBe('too_many_streams');
    expect(body.error.message).toMatch(/Too many open event streams/);
    expect(body.error.details.maxStreams).toBe(CAP);

    open[0]!.close();
    const reopened = await pollUntil(openStream, (s) => s.status === 200);
    expect(reopened.status).toBe(200);
    // Back at the cap: the next one is refused again.
    const again = await openStream();
    expect(again.status).toBe(429);
    await again.response.arrayBuffer();
    for (const stream of [open[1]!, reopened]) stream.close();
  });

  it('a refused stream does not open the conversation', async () => {
    // The streams closed by the test above are released as the server sees the connections end.
    const held: OpenStream[] = [];
    await pollUntil(
      async () => {
        const stream = await openStream();
        if (stream.status === 200) held.push(stream);
        else await stream.response.arrayBuffer();
        return held.length;
      },
      (count) => count === CAP,
    );
    expect(held).toHaveLength(CAP);
    const conversationId = randomUUID();
    const res = await fetch(`${running.url}/api/web/conversations/${conversationId}/events?visitorId=${randomUUID()}`);
    expect(res.status).toBe(429);
    await res.arrayBuffer();
    expect(await running.app.store.webConversations.read(conversationStateKey(conversationId))).toBeNull();
    for (const stream of held) stream.close();
  });
});

describe('WEB_STREAMS_PER_IP', () => {
  it('must be a whole number of at least 1', () => {
    expect(() => loadConfig({ WEB_STREAMS_PER_IP: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ WEB_STREAMS_PER_IP: 'many' })).toThrow(/WEB_STREAMS_PER_IP/);
    expect(loadConfig({ WEB_STREAMS_PER_IP: '5' }).webStreamsPerIp).toBe(5);
    expect(loadConfig({}).webStreamsPerIp).toBeUndefined();
  });
});
