/**
 * Widget bundle size (minified and gzipped, budget 25 kB gzipped) and build time, plus the
 * server's time to first byte of /widget.js and the HTTP round trip of one visitor message.
 * Writes bench/results/widget.json.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { buildWidgetBundle } from '../adapters/web/widget-bundle.js';
import { startChannelServer } from '../test/web/channel-server.js';

const BUDGET_GZIP_BYTES = 25 * 1024;

export default async function widgetBench(): Promise<object> {
  const started = performance.now();
  const bundle = await buildWidgetBundle();
  const buildMs = performance.now() - started;

  const server = await startChannelServer({ config: { rateLimits: { visitor: { points: 10_000, durationSec: 1 }, ip: { points: 10_000, durationSec: 1 } } } });
  try {
    await fetch(`${server.baseUrl}/widget.js`).then((r) => r.arrayBuffer());
    const serveMs: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await fetch(`${server.baseUrl}/widget.js`, { headers: { 'accept-encoding': 'gzip' } }).then((r) => r.arrayBuffer());
      serveMs.push(performance.now() - t);
    }
    const conversationId = randomBytes(12).toString('hex');
    const visitorId = randomBytes(12).toString('hex');
    const postMs: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      const response = await fetch(`${server.baseUrl}/api/web/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ visitorId, clientMessageId: randomBytes(12).toString('hex'), text: `message ${i}` }),
      });
      await response.arrayBuffer();
      postMs.push(performance.now() - t);
    }
    const result = {
      bundle: {
        minifiedBytes: bundle.js.length,
        gzipBytes: bundle.gzip.length,
        budgetGzipBytes: BUDGET_GZIP_BYTES,
        withinBudget: bundle.gzip.length <= BUDGET_GZIP_BYTES,
        buildMs: round(buildMs),
      },
      serveWidgetJsMs: summary(serveMs),
      postMessageAcceptedMs: summary(postMs),
      measuredAt: new Date().toISOString(),
      node: process.version,
    };
    await writeFile(new URL('./results/widget.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    await server.close();
  }
}

function summary(values: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
  return { p50: at(0.5), p95: at(0.95), max: round(sorted.at(-1)!) };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
