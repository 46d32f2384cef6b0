/**
 * A visitor over /api/messages who keeps going through faults, the way a patient person behind a
 * Direct Line client would: a request that got no answer (server killed) is sent again with the
 * same activity id, so the server processes it at most once; an activity the server had already
 * processed comes back with no reply, so the visitor asks for help to see the pending question
 * again; an apology (the store refused the turn) makes them send the same answer again a moment
 * later; a 429 is waited out as its Retry-After says. Records which answers the bot acknowledged, i.e. moved on to the next question.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Answers } from '../e2e/answers.js';
import { answerFor } from '../e2e/choose-answer.js';
import { BotFrameworkClient, type BotReply, type Prompt } from '../support/bf-client.js';

export interface Persona {
  answers: Answers;
  locale: 'fr-FR' | 'en-GB';
  email: string;
}

/** Where the server is now: it may be restarting (a new port), then this waits for it. */
export type ServerUrl = () => Promise<string>;

export interface VisitorHooks {
  /** After every answered request (the fault scheduler counts them). */
  onReply?: () => void;
  /** Is this reply the bot's apology for a failed turn? */
  isApology: (text: string) => boolean;
}

const RETRY_PAUSE_MS = 200;
/** A visitor gives up after this long without getting through. */
const PATIENCE_MS = 90_000;

export class ResilientVisitor {
  readonly client: BotFrameworkClient;
  /** Slots whose answer the bot acknowledged by asking something else. */
  readonly acknowledged = new Set<string>();
  /** Apologies received, in the turn (in-turn failure) or as a 503 (the store failed before the turn). */
  readonly apologies: string[] = [];
  /** Requests sent again with the same activity id after getting no answer. */
  resent = 0;
  finished = false;

  constructor(
    private readonly serverUrl: ServerUrl,
    readonly persona: Persona,
    private readonly hooks: VisitorHooks,
  ) {
    this.client = new BotFrameworkClient('http://unused.invalid', { locale: persona.locale });
  }

  get visitorId(): string {
    return `emulator:${this.client.userId}`;
  }

  /** Greets the bot, answers every question until the closing line; resolves with the slots asked. */
  async converse(maxTurns = 40): Promise<string[]> {
    let prompt = this.promptOf(await this.send(this.persona.locale.startsWith('fr') ? 'bonjour' : 'hello'));
    const asked: string[] = [];
    for (let turn = 0; prompt; turn++) {
      if (turn >= maxTurns) throw new Error(`conversation did not end after ${maxTurns} turns; asked ${asked.join(', ')}`);
      asked.push(prompt.slot);
      const replies = await this.send(answerFor(this.persona.answers, prompt.slot, prompt.choices?.map((c) => c.label) ?? []).text);
      const next = this.promptOf(replies);
      if (next?.slot !== prompt.slot) this.acknowledged.add(prompt.slot);
      // The closing line was lost with a killed server, and asking for help began a new conversation.
      if (next?.slot === 'consent' && this.acknowledged.has('consent')) break;
      prompt = next;
    }
    this.finished = true;
    return asked;
  }

  /** Sends `text` until the bot answers it with something other than an apology; a lost reply is recovered with the help command. */
  private async send(text: string): Promise<BotReply[]> {
    const deadline = Date.now() + PATIENCE_MS;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`visitor ${this.client.userId} could not get "${text}" through in ${PATIENCE_MS / 1000} s`);
      const replies = await this.deliver(text);
      if (replies === 'apology') {
        await sleep(RETRY_PAUSE_MS);
        continue;
      }
      if (replies.length > 0) return replies;
      // Processed before the server died, reply lost: ask again what the bot is waiting for.
      text = this.persona.locale.startsWith('fr') ? 'aide' : 'help';
    }
  }

  /** One activity, sent until some server answers it; 'apology' when the bot could not process it. */
  private async deliver(text: string): Promise<BotReply[] | 'apology'> {
    const activity = this.client.activity({ type: 'message', text });
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) this.resent++;
      let res: Response;
      try {
        const url = await this.serverUrl();
        res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      } catch {
        // No answer (connection refused or reset): the server is gone; same id again once it is back.
        await sleep(RETRY_PAUSE_MS);
        continue;
      }
      const body = (await res.json().catch(() => ({}))) as { activities?: BotReply[]; error?: { code: string; message: string } };
      this.hooks.onReply?.();
      if (res.status === 429) {
        // Retrying through an outage spends the conversation's rate limit: wait as told, same activity.
        await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000);
        continue;
      }
      if (res.status === 503 && body.error?.code === 'store_unavailable') {
        this.apologies.push(body.error.message);
        return 'apology';
      }
      if (res.status !== 200) throw new Error(`POST /api/messages → ${res.status}: ${JSON.stringify(body)}`);
      const replies = (body.activities ?? []).filter((a) => a.type === 'message');
      const apology = replies.find((r) => this.hooks.isApology(r.text ?? ''));
      if (apology) {
        this.apologies.push(apology.text!);
        return 'apology';
      }
      return replies;
    }
  }

  private promptOf(replies: BotReply[]): Prompt | undefined {
    this.client.lastReplies = replies;
    return this.client.prompt;
  }
}
