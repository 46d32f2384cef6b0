/**
 * The real app with Slack pointed at the local fake Web API, a team configuration of the test's
 * choosing, and helpers to act as Slack would (signed Join/Leave clicks, thread messages) and as
 * a website visitor would (POSTs and the SSE stream of the widget channel).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AppOverrides } from '../../bot/app.js';
import { FAST_SLACK, SALES_CHANNEL, slackEnv } from '../e2e-slack/slack-app-env.js';
import { FakeSlackApi, type FakeMessage } from '../slack/support/fake-slack-api.js';
import { buttonClick, eventCallback, sendToSlackEndpoint } from '../slack/support/slack-requests.js';
import { startApp, type RunningApp } from '../support/app-harness.js';
import { followSse, readSse, type SseEvent, type SseFollower } from '../web/sse-client.js';

export { SALES_CHANNEL };
export const REP = 'U0CAMILLE';
export const OTHER_REP = 'U0BASILE';
export const REP_AVATAR = 'https://avatars.example.com/camille-72.png';

/** Open every day, all day: a request for a person always alerts reps. */
export const ALWAYS_OPEN = teamYaml({ hours: '["00:00-23:59"]', joinTimeoutSeconds: 120 });

export function teamYaml(options: { hours: string; joinTimeoutSeconds: number }): string {
  const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  return [
    'timezone: Europe/Paris',
    `joinTimeoutSeconds: ${options.joinTimeoutSeconds}`,
    'hours:',
    ...days.map((d) => `  ${d}: ${options.hours}`),
    'callbackSlots:',
    ...days.map((d) => `  ${d}: ['10:00', '16:00']`),
    'callbackOffer:',
    '  count: 3',
    '  minNoticeMinutes: 60',
  ].join('\n');
}

export interface HandoffApp {
  running: RunningApp;
  slack: FakeSlackApi;
  dataDir: string;
  /** Start the app again on the same data (restart tests). */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startHandoffApp(options: { team?: string; dataDir?: string; env?: Record<string, string>; overrides?: AppOverrides } = {}): Promise<HandoffApp> {
  const slack = await FakeSlackApi.start();
  slack.users.set(REP, { real_name: 'Camille Durand', first_name: 'Camille', image_72: REP_AVATAR });
  slack.users.set(OTHER_REP, { real_name: 'Basile Martin', first_name: 'Basile' });
  slack.channelMembers.set(SALES_CHANNEL, [REP, OTHER_REP]);
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'handoff-')));
  const teamFile = path.join(dataDir, 'team.yaml');
  await writeFile(teamFile, options.team ?? ALWAYS_OPEN);
  const start = () =>
    startApp({
      dataDir,
      env: { ...slackEnv(slack.url), TEAM_CONFIG: teamFile, ...options.env },
      overrides: { slack: FAST_SLACK, handoffPollIntervalMs: 50, ...options.overrides },
    });
  const handle: HandoffApp = {
    running: await start(),
    slack,
    dataDir,
    async restart() {
      await handle.running.stop();
      handle.running = await start();
    },
    async dispose() {
      await handle.running.stop();
      await slack.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}

/** A top-level message in the sales channel with a button of this action id. */
export function messageWithAction(slack: FakeSlackApi, actionId: string, matches: (message: FakeMessage) => boolean = () => true): FakeMessage | undefined {
  return slack.messages.find((m) => m.channel === SALES_CHANNEL && !m.thread_ts && matches(m) && actionValue(m, actionId) !== undefined);
}

/** The value of the first button with this action id in a message. */
export function actionValue(message: FakeMessage, actionId: string): string | undefined {
  for (const block of (message.blocks ?? []) as { type: string; elements?: { action_id?: string; value?: string }[] }[]) {
    const found = block.type === 'actions' ? block.elements?.find((e) => e.action_id === actionId) : undefined;
    if (found) return found.value;
  }
  return undefined;
}

/** Click a button of a message, signed as Slack signs it; resolves with the HTTP status. */
export async function click(app: HandoffApp, user: string, actionId: string, message: FakeMessage): Promise<number> {
  const value = actionValue(message, actionId);
  if (value === undefined) throw new Error(`no ${actionId} button in ${message.ts}`);
  const res = await sendToSlackEndpoint(app.running.url, buttonClick(user, { action_id: actionId, value }, { channel: message.channel, ts: message.ts, ...(message.thread_ts ? { threadTs: message.thread_ts } : {}) }));
  await res.arrayBuffer();
  return res.status;
}

let tsSeq = 0;

/** A person's message in a thread of the sales channel, as the Events API delivers it. */
export async function threadMessage(app: HandoffApp, user: string, threadTs: string, text: string, eventId = `EvRep${Date.now()}${tsSeq}`): Promise<Response> {
  tsSeq += 1;
  const ts = `${Math.floor(Date.now() / 1000)}.${String(900_000 + tsSeq).padStart(6, '0')}`;
  const event = { type: 'message', channel: SALES_CHANNEL, channel_type: 'channel', user, text, ts, thread_ts: threadTs, event_ts: ts, team: 'T0TEAM' };
  return sendToSlackEndpoint(app.running.url, eventCallback(event, eventId));
}

/** A website visitor talking over the widget's HTTP protocol (no browser). */
export class WebVisitor {
  readonly visitorId = `v${randomUUID().replace(/-/g, '')}`;
  readonly conversationId = `c${randomUUID().replace(/-/g, '')}`;

  constructor(
    private readonly app: HandoffApp,
    private readonly locale = 'fr',
  ) {}

  private url(action: string): string {
    return `${this.app.running.url}/api/web/conversations/${this.conversationId}/${action}`;
  }

  async start(): Promise<void> {
    await this.post('start', { visitorId: this.visitorId, clientMessageId: randomUUID(), locale: this.locale });
  }

  async say(text: string): Promise<number> {
    return this.post('messages', { visitorId: this.visitorId, clientMessageId: randomUUID(), text, locale: this.locale });
  }

  /** The conversation as a returning visitor's widget replays it (a fresh stream). */
  async history(): Promise<StreamMessage[]> {
    const events = await readSse(this.streamUrl(), { until: (e: SseEvent[]) => e.some((x) => x.event === 'ready'), timeoutMs: 10_000 });
    return messagesOf(events);
  }

  /** Waits, on one open stream (as the widget does), until the conversation satisfies `probe`. */
  async waitFor<T>(probe: (messages: StreamMessage[]) => T | undefined | false, timeoutMs = 15_000): Promise<T> {
    this.follower ??= followSse(this.streamUrl());
    let found: T | undefined | false;
    await this.follower.waitFor((events) => Boolean((found = probe(messagesOf(events)))), timeoutMs);
    return found as T;
  }

  /** Drop the open stream (the server restarted); the next wait opens a new one. */
  disconnect(): void {
    this.follower?.close();
    this.follower = undefined;
  }

  private follower: SseFollower | undefined;

  private streamUrl(): string {
    return `${this.url('events')}?visitorId=${this.visitorId}`;
  }

  private async post(action: string, body: unknown): Promise<number> {
    const res = await fetch(this.url(action), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.arrayBuffer();
    if (res.status >= 300) throw new Error(`${action} → ${res.status}`);
    return res.status;
  }
}

export interface StreamMessage {
  seq: number;
  from: 'bot' | 'user' | 'agent';
  text: string;
  agent?: { name: string; avatarUrl?: string };
  prompt?: { slot: string };
  quickReplies?: { title: string; value: string }[];
}

function messagesOf(events: SseEvent[]): StreamMessage[] {
  return events.filter((e) => e.event === 'message').map((e) => e.data as StreamMessage);
}
