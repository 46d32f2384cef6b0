/**
 * `leadq nlu <slot> --locale fr|en`: one answer per input line → one JSON line on output,
 * `{"text":…, "value":…}` — value null when not understood, then with `"error": <reason>`
 * (a declined optional phone is `value: null` without error). Confidence and any suggestion are included.
 */
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { Locale } from '../../core/lead/model.js';
import { extract, extractors, isKnownSlot } from '../nlu/registry.js';

export interface NluLine {
  text: string;
  value: unknown;
  confidence?: number;
  suggestion?: { key: string; params?: Record<string, string> };
  error?: string;
}

export async function runNlu(
  slot: string,
  locale: Locale,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  now: Date = new Date(),
): Promise<void> {
  if (!isKnownSlot(slot)) {
    throw new Error(`Unknown slot "${slot}". Known slots: ${Object.keys(extractors).join(', ')}`);
  }
  const ctx = { locale, now };
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  for await (const line of lines) {
    const text = line.replace(/\r$/, '');
    if (!output.write(`${JSON.stringify(answer(slot, text, ctx))}\n`)) await once(output, 'drain');
  }
}

function answer(slot: string, text: string, ctx: Parameters<typeof extract>[2]): NluLine {
  const result = extract(slot, text, ctx);
  if (!result.ok) return { text, value: null, error: result.reason };
  const line: NluLine = { text, value: result.value, confidence: result.confidence };
  if (result.suggestion) line.suggestion = result.suggestion;
  return line;
}
