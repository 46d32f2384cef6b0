/**
 * Simulated visitors: each one goes through a whole conversation, waiting for the bot's reply
 * before answering, over the Bot Framework endpoint (expectReplies) or the website channel
 * (POST + SSE). They answer by the prompt's slot with varied French and English answers.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BotFrameworkClient } from '../../test/support/bf-client.js';
import { ENGLISH_WARM, FRENCH_HOT, type Answers } from '../../test/e2e/answers.js';
import { answerFor } from '../../test/e2e/choose-answer.js';
import { followSse } from '../../test/web/sse-client.js';
import type { Prompt, WidgetMessage } from '../../adapters/web/protocol.js';

const MAX_TURNS = 40;
const FIRST_NAMES = ['Camille', 'Louis', 'Inès', 'Hugo', 'Chloé', 'Nathan', 'Emma', 'Jules'];
const COMPANIES = ['Acme Industrie', 'Transports Morel', 'Globex Ltd', 'Initech', 'Boulangeries Paul', 'Umbrella Co'];

export interface Visit {
  /** Milliseconds per turn, in order. */
  latencies: number[];
  /** The state keys this conversation wrote (for its size). */
  stateKeys: string[];
}

export interface VisitOptions {
  /** Pause before each message (think time), in ms; 0 = none. */
  think: () => number;
  /** Echo/bare floors have no prompts: send the answers in order instead of by slot. */
  scripted: boolean;
}

/** The i-th visitor's answers: FR or EN, with its own name, email and company. */
export function answersFor(i: number): { answers: Answers; locale: string; opening: string } {
  const french = i % 2 === 0;
  const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
  const company = COMPANIES[i % COMPANIES.length]!;
  const base = french ? FRENCH_HOT : ENGLISH_WARM;
  return {
    locale: french ? 'fr-FR' : 'en-GB',
    opening: french ? 'bonjour' : 'hello',
    answers: {
      ...base,
      name: french ? `je m'appelle ${first} Bench${i}` : `I'm ${first} Bench${i}`,
      email: `${first.toLowerCase()}.bench${i}@${french ? 'exemple-bench.fr' : 'bench-example.co.uk'}`,
      company,
    },
  };
}

const pause = (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/** The next text to send: by prompt slot for the real bot, the next answer for the floors. */
function nextText(answers: Answers, prompt: Pick<Prompt, 'slot'> & { choices?: string[] } | undefined, scripted: boolean, turn: number): string | undefined {
  if (scripted) return Object.entries(answers).filter(([slot]) => !slot.includes(':'))[turn]?.[1];
  if (!prompt) return undefined;
  return answerFor(answers, prompt.slot, prompt.choices ?? []).text;
}

export async function botFrameworkVisit(url: string, i: number, options: VisitOptions): Promise<Visit> {
  const { answers, locale, opening } = answersFor(i);
  const client = new BotFrameworkClient(url, { locale });
  const latencies: number[] = [];
  const say = async (text: string): Promise<void> => {
    await pause(options.think());
    const started = performance.now();
    await client.say(text);
    latencies.push(performance.now() - started);
  };
  await say(opening);
  for (let turn = 0; turn < MAX_TURNS; turn++) {
    const prompt = client.prompt;
    const text = nextText(answers, prompt && { slot: prompt.slot, choices: prompt.choices?.map((c) => c.label) }, options.scripted, turn);
    if (text === undefined) return { latencies, stateKeys: [`conversation/emulator/${client.conversationId}`] };
    await say(text);
  }
  throw new Error(`visitor ${i}: the conversation did not end after ${MAX_TURNS} turns`);
}

/** Website channel: one SSE stream per visitor; a turn ends with the `typing: off` that closes it. */
export async function webVisit(url: string, i: number, options: VisitOptions): Promise<Visit> {
  const { answers, locale } = answersFor(i);
  const visitorId = `bench-${randomUUID()}`;
  const conversationId = `bench-${randomUUID()}`;
  const base = `${url}/api/web/conversations/${conversationId}`;
  const stream = followSse(`${base}/events?visitorId=${visitorId}`);
  const latencies: number[] = [];
  const turnsDone = (): number => stream.events.filter((e) => e.event === 'typing' && (e.data as { on: boolean }).on === false).length;
  const botMessagesAfter = (seq: number): boolean => stream.events.some((e) => e.event === 'message' && (e.data as WidgetMessage).from === 'bot' && (e.data as WidgetMessage).seq > seq);
  const post = async (route: string, body: object): Promise<number> => {
    const res = await fetch(`${base}/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ visitorId, clientMessageId: randomUUID(), locale: locale.slice(0, 2), ...body }) });
    if (res.status !== 202) throw new Error(`POST ${route} → ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { seq?: number }).seq ?? 0;
  };
  const turn = async (route: string, body: object): Promise<void> => {
    await pause(options.think());
    const before = turnsDone();
    const started = performance.now();
    const seq = await post(route, body);
    // typing off closes the turn; its replies may reach the stream just after it.
    await stream.waitFor(() => turnsDone() > before && botMessagesAfter(seq), 30_000);
    latencies.push(performance.now() - started);
  };
  try {
    await stream.waitFor((events) => events.some((e) => e.event === 'ready'), 30_000);
    await turn('start', {});
    for (let n = 0; n < MAX_TURNS; n++) {
      const last = stream.events.filter((e) => e.event === 'message').map((e) => e.data as WidgetMessage).at(-1);
      const prompt = last?.from === 'bot' ? last.prompt : undefined;
      const text = nextText(answers, prompt, false, n);
      if (text === undefined) return { latencies, stateKeys: [`web:conversation:${conversationId}`, `conversation/web/${conversationId}`] };
      await turn('messages', { text });
    }
    throw new Error(`web visitor ${i}: the conversation did not end after ${MAX_TURNS} turns`);
  } finally {
    stream.close();
  }
}
