/**
 * Whole conversations through POST /api/messages (expectReplies) on the real app with the
 * embedded store: turn latency p50/p99, turns/s with concurrent visitors, memory.
 */
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { BotFrameworkClient } from '../test/support/bf-client.js';
import { startApp } from '../test/support/app-harness.js';
import { ENGLISH_WARM, FRENCH_HOT } from '../test/e2e/answers.js';
import { answerFor } from '../test/e2e/choose-answer.js';

const VISITORS = 60;
const CONCURRENCY = 6;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function visitor(url: string, i: number, latencies: number[]): Promise<void> {
  const answers = i % 2 === 0 ? { ...FRENCH_HOT, email: `bench${i}@exemple-bench.fr` } : { ...ENGLISH_WARM, email: `bench${i}@bench-example.co.uk` };
  const client = new BotFrameworkClient(url, { locale: i % 2 === 0 ? 'fr-FR' : 'en-GB' });
  const timed = async (text: string): Promise<void> => {
    const started = performance.now();
    await client.say(text);
    latencies.push(performance.now() - started);
  };
  await timed('bonjour');
  for (let turn = 0; turn < 40 && client.prompt; turn++) {
    const prompt = client.prompt;
    await timed(answerFor(answers, prompt.slot, prompt.choices?.map((c) => c.label) ?? []).text);
  }
}

export default async function bench(): Promise<object> {
  const running = await startApp();
  try {
    const warm: number[] = [];
    await visitor(running.url, -1, warm);
    const latencies: number[] = [];
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < VISITORS) await visitor(running.url, next++, latencies);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    const memory = process.memoryUsage();
    const result = {
      visitors: VISITORS,
      concurrency: CONCURRENCY,
      turns: latencies.length,
      turnsPerSec: Math.round(latencies.length / seconds),
      conversationsPerSec: Math.round((VISITORS / seconds) * 10) / 10,
      turnLatencyMs: { p50: Math.round(percentile(sorted, 50) * 10) / 10, p95: Math.round(percentile(sorted, 95) * 10) / 10, p99: Math.round(percentile(sorted, 99) * 10) / 10 },
      memoryMB: { rss: Math.round(memory.rss / 2 ** 20), heapUsed: Math.round(memory.heapUsed / 2 ** 20) },
      node: process.version,
      at: new Date().toISOString(),
    };
    await writeFile(new URL('./results/turns.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    await running.dispose();
  }
}
