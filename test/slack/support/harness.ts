/** A real restify server with mountSlack, the fake Slack Web API, a store, and a small test bot. */
import type { AddressInfo } from 'node:net';
import { ActivityHandler, MessageFactory } from 'botbuilder';
import restify from 'restify';
import type { Mounted } from '../../../adapters/http/mounted.js';
import { mountSlack, type AlertWorkerTuning, type SlackConfig } from '../../../adapters/slack/index.js';
import type { Store } from '../../../core/ports/store.js';
import { FAKE_BOT_TOKEN, FakeSlackApi } from './fake-slack-api.js';
import { SIGNING_SECRET } from './slack-requests.js';
import { openTestStore, type TestStore } from './test-store.js';

export const SALES_CHANNEL = 'C0SALES';
export const PUBLIC_URL = 'https://leadq.example.test';

/**
 * Asks with the real message contract: `start` → a timeline choice question (suggestedActions,
 * inputHint expectingInput, channelData.prompt); anything else → an echo that shows what the bot
 * received, including the Slack profile e-mail offered on channelData.profile.
 */
export class PromptingTestBot extends ActivityHandler {
  readonly seen: { text: string; fromId: string; conversationId: string; channelData: unknown }[] = [];
  /** Texts whose next turn throws before replying, as a turn that hits a store outage would. */
  readonly failOnce = new Set<string>();

  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const { text, from, conversation, channelData } = context.activity;
      this.seen.push({ text, fromId: from.id, conversationId: conversation.id, channelData });
      if (this.failOnce.delete(text)) throw new Error(`test bot: turn on "${text}" failed`);
      if (text === 'start') {
        const ask = MessageFactory.suggestedActions(['Now', 'In 6 months'], 'When does your project start?');
        ask.inputHint = 'expectingInput';
        ask.channelData = { prompt: { slot: 'timeline', kind: 'choice', choices: ['Now', 'In 6 months'] } };
        await context.sendActivity(ask);
      } else {
        const email = (channelData as { profile?: { email?: string } } | undefined)?.profile?.email;
        await context.sendActivity(`You said: ${text}${email ? ` (is your e-mail ${email}?)` : ''}`);
      }
      await next();
    });
  }
}

export interface Harness {
  baseUrl: string;
  slack: FakeSlackApi;
  store: Store;
  bot: PromptingTestBot;
  mount: Mounted;
  close(): Promise<void>;
}

export interface HarnessOptions {
  config?: Partial<SlackConfig>;
  alertWorker?: AlertWorkerTuning;
  eventLeaseMs?: number;
  /** Another replica: serve from this store (owned, and closed, by the caller). */
  store?: Store;
}

export function slackConfig(apiUrl: string, overrides: Partial<SlackConfig> = {}): SlackConfig {
  return {
    signingSecret: SIGNING_SECRET,
    botToken: FAKE_BOT_TOKEN,
    salesChannel: SALES_CHANNEL,
    apiUrl,
    socketMode: false,
    routing: { mode: 'none', reps: [], segmentRoutes: [], renotifyAfterMinutes: null },
    alertHotCaptured: false,
    ...overrides,
  };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const slack = await FakeSlackApi.start();
  const testStore: TestStore | null = options.store ? null : await openTestStore();
  const store = options.store ?? (testStore as TestStore).store;
  const bot = new PromptingTestBot();
  const server = restify.createServer({ handleUncaughtExceptions: false });
  const mount = mountSlack(server, {
    bot,
    store,
    config: slackConfig(slack.url, options.config),
    publicUrl: PUBLIC_URL,
    ...(options.eventLeaseMs ? { eventLeaseMs: options.eventLeaseMs } : {}),
    alertWorker: { pollIntervalMs: 50, backoff: { minMs: 50, maxMs: 500 }, ...options.alertWorker },
  });
  if (!mount) throw new Error('mountSlack returned null with a full config');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    slack,
    store,
    bot,
    mount,
    async close() {
      await mount.close();
      server.close();
      await slack.close();
      await testStore?.cleanup();
    },
  };
}
