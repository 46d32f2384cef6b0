/**
 * A Slack user talking to the bot, exactly as Slack would make it happen: signed `event_callback`
 * message events for typed answers (in a DM, or replies in a channel thread), signed
 * `block_actions` for button clicks. The bot's side is read from the fake Web API's recorded
 * chat.postMessage calls; the question asked is the `leadq_prompt` metadata the bot attaches
 * ({slot, kind, choices}), as a Bot Framework client reads channelData.prompt.
 */
import type { Answers } from '../e2e/answers.js';
import { answerFor } from '../e2e/choose-answer.js';
import { FAKE_BOT_USER, FAKE_TEAM, type FakeMessage, type FakeSlackApi } from '../slack/support/fake-slack-api.js';
import { buttonClick, directMessage, eventCallback, sendToSlackEndpoint } from '../slack/support/slack-requests.js';

interface SlackButton {
  action_id: string;
  value: string;
  text: { text: string };
}

const TURN_TIMEOUT_MS = 15_000;
const QUIET_MS = 300;

interface PromptPayload {
  slot: string;
  kind: string;
  choices?: { value: string; label: string }[];
}

/** The question a bot message asks, from its metadata; undefined for messages that ask nothing. */
export function promptOf(message: FakeMessage | undefined): PromptPayload | undefined {
  return message?.metadata?.event_type === 'leadq_prompt' ? (message.metadata.event_payload as unknown as PromptPayload) : undefined;
}

export function buttonsOf(message: FakeMessage | undefined): SlackButton[] {
  const blocks = (message?.blocks ?? []) as { type: string; elements?: SlackButton[] }[];
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}

export class SlackVisitor {
  /** The question on screen; undefined once the bot asks nothing more (the conversation ended). */
  prompt: PromptPayload | undefined;
  ended = false;
  /** When the last answer was sent (ms since epoch). */
  lastAnswerAt = 0;
  private read = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly slack: FakeSlackApi,
    readonly user: string,
    readonly channel: string,
    /** Talk in this channel thread (replies without mentioning the bot) instead of a DM. */
    readonly threadTs?: string,
  ) {}

  get slot(): string | undefined {
    return this.prompt?.slot;
  }

  /** Bot messages in this DM or thread, in posting order. */
  messages(): FakeMessage[] {
    return this.slack.messages.filter((m) => m.channel === this.channel && (!this.threadTs || m.thread_ts === this.threadTs));
  }

  async say(text: string): Promise<void> {
    this.lastAnswerAt = Date.now();
    const event = this.threadTs
      ? { ...directMessage(this.user, text, this.channel), channel_type: 'channel', thread_ts: this.threadTs }
      : directMessage(this.user, text, this.channel);
    await this.expectOk(sendToSlackEndpoint(this.baseUrl, eventCallback(event)));
    await this.waitForTurn();
  }

  /** Open the thread conversation: a channel message mentioning the bot, whose ts is the thread's. */
  async mention(text: string, botUserId = FAKE_BOT_USER): Promise<void> {
    if (!this.threadTs) throw new Error('mention() needs a visitor in a channel thread');
    const ts = this.threadTs;
    this.lastAnswerAt = Date.now();
    const event = { type: 'app_mention', user: this.user, text: `<@${botUserId}> ${text}`, ts, event_ts: ts, channel: this.channel, team: FAKE_TEAM };
    await this.expectOk(sendToSlackEndpoint(this.baseUrl, eventCallback(event)));
    await this.waitForTurn();
  }

  /** Click the button labelled `label` on the latest bot message that has buttons. */
  async click(label: string): Promise<void> {
    const message = this.messages().findLast((m) => buttonsOf(m).length > 0);
    const button = buttonsOf(message).find((b) => b.text.text === label);
    if (!message || !button) throw new Error(`No button "${label}" in the DM`);
    this.lastAnswerAt = Date.now();
    const where = { channel: this.channel, ts: message.ts, text: message.text ?? '', ...(this.threadTs ? { threadTs: this.threadTs } : {}) };
    const click = buttonClick(this.user, { action_id: button.action_id, value: button.value, text: button.text.text }, where);
    await this.expectOk(sendToSlackEndpoint(this.baseUrl, click));
    await this.waitForTurn();
  }

  /** Answer every question by its slot until the bot ends the conversation; returns the slots asked. */
  async qualify(answers: Answers, maxTurns = 40): Promise<string[]> {
    const asked: string[] = [];
    for (let turn = 0; turn < maxTurns && !this.ended; turn++) {
      if (!this.prompt) throw new Error(`The bot asks nothing; it said: ${this.messages().at(-1)?.text}`);
      asked.push(this.prompt.slot);
      const { text, click } = answerFor(answers, this.prompt.slot, this.prompt.choices?.map((c) => c.label) ?? []);
      if (click) await this.click(text);
      else await this.say(text);
    }
    if (!this.ended) throw new Error(`The conversation did not end; asked: ${asked.join(', ')}`);
    return asked;
  }

  /**
   * Wait for the bot's reply to settle, then read the question from it: the last new message that
   * carries a prompt; a turn that asks nothing ends the conversation (as the BF client's converse).
   */
  private async waitForTurn(): Promise<void> {
    await this.slack.waitFor(() => this.messages().length > this.read, TURN_TIMEOUT_MS);
    let count = this.messages().length;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      if (this.messages().length === count) break;
      count = this.messages().length;
    }
    this.prompt = this.messages().slice(this.read).map(promptOf).findLast((p) => p !== undefined);
    this.ended = this.prompt === undefined;
    this.read = count;
  }

  private async expectOk(response: Promise<Response>): Promise<void> {
    const res = await response;
    if (res.status !== 200) throw new Error(`POST /slack/events → ${res.status}: ${await res.text()}`);
  }
}
