/**
 * One phase of load: `visitors` simulated visitors, each going through conversation after
 * conversation until the deadline (the conversations under way finish; their turns count).
 */
import { performance } from 'node:perf_hooks';
import { summarise, type PhaseResult } from './stats.js';
import { botFrameworkVisit, webVisit, type Visit, type VisitOptions } from './visitors.js';

export type Channel = 'botframework' | 'web';

export interface PhaseOptions {
  url: string;
  visitors: number;
  durationMs: number;
  /** Mean think time before each message (exponentially distributed); 0 = no pause. */
  thinkMs: number;
  /** Which channel the i-th conversation uses. */
  channel: (i: number) => Channel;
  scripted: boolean;
  /** Called every few seconds while the phase runs (RSS sampling). */
  onTick?: () => Promise<void>;
}

/** Latencies of the turns at one position of their conversation (1: the first message), on one channel. */
export interface TurnLatency {
  channel: Channel;
  turn: number;
  turns: number;
  p50Ms: number;
  p99Ms: number;
}

export interface PhaseOutcome extends PhaseResult {
  /** Latency by the turn's position in its conversation: shows which turns carry the tail (bench/README.md). */
  byTurn: TurnLatency[];
  turns: number;
  conversations: number;
  seconds: number;
  stateKeys: string[];
  firstError?: string;
}

const exponential = (mean: number) => (): number => (mean > 0 ? -Math.log(1 - Math.random()) * mean : 0);

export async function runPhase(options: PhaseOptions): Promise<PhaseOutcome> {
  const visitOptions: VisitOptions = { think: exponential(options.thinkMs), scripted: options.scripted };
  const latencies: number[] = [];
  const byPosition = new Map<string, { channel: Channel; turn: number; latencies: number[] }>();
  const stateKeys: string[] = [];
  let errors = 0;
  let conversations = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const ticker = options.onTick && setInterval(() => void options.onTick!(), 5000);
  const visitor = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const i = next++;
      const channel = options.channel(i);
      const visit: (url: string, i: number, o: VisitOptions) => Promise<Visit> = channel === 'web' ? webVisit : botFrameworkVisit;
      try {
        const done = await visit(options.url, i, visitOptions);
        latencies.push(...done.latencies);
        done.latencies.forEach((ms, position) => {
          const key = `${channel}:${position}`;
          const entry = byPosition.get(key) ?? byPosition.set(key, { channel, turn: position + 1, latencies: [] }).get(key)!;
          entry.latencies.push(ms);
        });
        if (stateKeys.length < 20) stateKeys.push(...done.stateKeys);
        conversations++;
      } catch (error) {
        errors++;
        firstError ??= describeError(error);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.visitors }, visitor));
  } finally {
    if (ticker) clearInterval(ticker);
  }
  const seconds = (performance.now() - started) / 1000;
  const byTurn = [...byPosition.values()]
    .sort((a, b) => a.channel.localeCompare(b.channel) || a.turn - b.turn)
    .map(({ channel, turn, latencies: at }): TurnLatency => {
      const { p50Ms, p99Ms } = summarise(at, seconds, 0);
      return { channel, turn, turns: at.length, p50Ms, p99Ms };
    });
  return { ...summarise(latencies, seconds, errors), byTurn, turns: latencies.length, conversations, seconds: Math.round(seconds * 10) / 10, stateKeys, ...(firstError && { firstError }) };
}

/** "fetch failed" says nothing by itself: undici puts the reason (a reset, a refused connection, a timeout) in `cause`. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${(error.cause as Error & { code?: string }).code ?? ''} ${error.cause.message}`.trimEnd() : '';
  return `${error.message}${cause}`;
}
