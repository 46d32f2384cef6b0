/**
 * Server-sent events on a raw response: `id:` carries the message seq, so the browser's
 * automatic reconnection sends it back as `Last-Event-ID` (the watermark).
 */
import type { ServerResponse } from 'node:http';

const HEARTBEAT_MS = 20_000;
const RECONNECT_DELAY_MS = 2_000;

export class EventStream {
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly res: ServerResponse, headers: Record<string, string>) {
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Ask nginx-style proxies not to buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${RECONNECT_DELAY_MS}\n\n`);
    // Comments keep idle proxies from closing the connection.
    this.heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    this.heartbeat.unref();
    res.once('close', () => clearInterval(this.heartbeat));
  }

  send(event: string, data: unknown, id?: number): void {
    // JSON.stringify never emits raw newlines, so one `data:` line is always enough.
    this.res.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  end(): void {
    clearInterval(this.heartbeat);
    this.res.end();
  }
}
