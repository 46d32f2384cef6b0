/**
 * A Slack user talking to the bot in a DM, exactly as Slack would make it happen: signed
 * `event_callback` message.im events for typed answers, signed `block_actions` for button clicks.
 * The bot's side is read from the fake Web API's recorded chat.postMessage calls.
 */
import type { Answers } from '../e2e/answers.js';
import { answerFor } from '../e2e/choose-answer.js';
import type { FakeMessage, FakeSlackApi } from '../slack/support/fake-slack-api.js';
import { buttonClick, directMessage, eventCallback, sendToSlackEndpoint } from '../slack/support/slack-requests.js';
import type { ScriptPrompts } from './script-prompts.js';

interface SlackButton {
  action_id: string;
  value: string;
  text: { text: string };
}

const TURN_TIMEOUT_MS = 15_000;
const QUIET_MS = 300;

export function buttonsOf(message: FakeMessage | undefined): SlackButton[] {
  const blocks = (message?.blocks ?? []) as { type: string; elements?: SlackButton[] }[];
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}

export class SlackVisitor {
  /** Slot of the question on screen; undefined once the conversation has ended. */
  slot: string | undefined;
  ended = false;
  /** When the last answer was sent (ms since epoch). */
  lastAnswerAt = 0;
  private read = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly slack: FakeSlackApi,
    private readonly prompts: ScriptPrompts,
    readonly user: string,
    readonly channel: string,
  ) {}

  /** Bot messages in this DM, in posting order. */
  messages(): FakeMessage[] {
    return this.slack.messages.filter((m) => m.channel === this.channel);
  }

  async say(text: string): Promise<void> {
    this.lastAnswerAt = Date.now();
    await this.expectOk(sendToSlackEndpoint(this.baseUrl, eventCallback(directMessage(this.user, text, this.channel))));
    await this.waitForTurn();
  }

  /** Click the button labelled `label` on the latest bot message that has buttons. */
  async click(label: string): Promise<void> {
    const message = this.messages().findLast((m) => buttonsOf(m).length > 0);
    const button = buttonsOf(message).find((b) => b.text.text === label);
    if (!message || !button) throw new Error(`No button "${label}" in the DM`);
    this.lastAnswerAt = Date.now();
    const click = buttonClick(this.user, { action_id: button.action_id, value: button.value, text: button.text.text }, { channel: this.channel, ts: message.ts, text: message.text ?? '' });
    await this.expectOk(sendToSlackEndpoint(this.baseUrl, click));
    await this.waitForTurn();
  }

  /** Answer every question by its slot until the bot ends the conversation; returns the slots asked. */
  async qualify(answers: Answers, maxTurns = 40): Promise<string[]> {
    const asked: string[] = [];
    for (let turn = 0; turn < maxTurns && !this.ended; turn++) {
      if (!this.slot) throw new Error(`The bot asks nothing recognisable; it said: ${this.messages().at(-1)?.text}`);
      asked.push(this.slot);
      const latest = this.messages().at(-1);
      const { text, click } = answerFor(answers, this.slot, buttonsOf(latest).map((b) => b.text.text));
      if (click) await this.click(text);
      else await this.say(text);
    }
    if (!this.ended) throw new Error(`The conversation did not end; asked: ${asked.join(', ')}`);
    return asked;
  }

  /** Wait for the bot's reply to settle, then update `slot`/`ended` from what it said. */
  private async waitForTurn(): Promise<void> {
    await this.slack.waitFor(() => this.messages().length > this.read, TURN_TIMEOUT_MS);
    let count = this.messages().length;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      if (this.messages().length === count) break;
      count = this.messages().length;
    }
    for (const message of this.messages().slice(this.read)) {
      const reading = this.prompts.read(message.text ?? '');
      if (reading.ends) {
        this.ended = true;
        this.slot = undefined;
      } else if (reading.slots) {
        // A wording shared by several questions (a generic re-ask) keeps the question on screen.
        this.slot = this.slot && reading.slots.has(this.slot) ? this.slot : [...reading.slots][0];
      }
    }
    this.read = count;
  }

  private async expectOk(response: Promise<Response>): Promise<void> {
    const res = await response;
    if (res.status !== 200) throw new Error(`POST /slack/events → ${res.status}: ${await res.text()}`);
  }
}
