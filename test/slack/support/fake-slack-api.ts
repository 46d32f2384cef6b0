/**
 * A local stand-in for Slack's Web API (https://slack.com/api/<method>), enough for leadq: records
 * every call, keeps posted messages per channel (with metadata, threads), and answers 429 with
 * Retry-After or 500 on demand, for the next calls or for every call during an outage.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

export const FAKE_TEAM = 'T0TEAM';
export const FAKE_BOT_USER = 'U0BOT';
export const FAKE_BOT_TOKEN = 'xoxb-test-token';

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
  /** The error status answered, when the call failed on demand. */
  failedWith?: 429 | 500;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  thread_ts?: string;
  reply_broadcast?: boolean;
  user: string;
  bot_id: string;
}

export interface Failure {
  status: 429 | 500;
  retryAfterSec?: number;
  /** chat.postMessage only: the message is posted, then the call fails anyway (Slack timed out after accepting it). */
  afterPosting?: boolean;
}

export interface FakeUser {
  email?: string;
  real_name?: string;
  first_name?: string;
  /** Avatar URL, as Slack's profile.image_72. */
  image_72?: string;
  locale?: string;
}

const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata', 'view']);

export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly channelMembers = new Map<string, string[]>();
  /** Channel names for conversations.info (a channel not listed is `channel_not_found`). */
  readonly channelNames = new Map<string, string>();
  /** Scopes granted to the bot token, sent in `x-oauth-scopes` like Slack does. */
  grantedScopes: string[] = [];
  private readonly failures = new Map<string, Failure[]>();
  private outage: { cycle: Failure[]; next: number } | undefined;
  /**
   * Called before answering a method, e.g. to simulate a crash right after Slack accepted a post;
   * a returned promise holds the answer back (a slow Slack).
   */
  readonly hooks = new Map<string, (call: RecordedCall) => void | Promise<void>>();
  private seq = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeSlackApi> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const api = new FakeSlackApi(server, `http://127.0.0.1:${port}/api/`);
    server.on('request', (req, res) => {
      void api.handle(req).then(({ status, headers, body }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      });
    });
    return api;
  }

  /** The next calls to `method` fail as given, in order. */
  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  /** Until endOutage(), every call fails with the next failure of `cycle`, in turn. */
  startOutage(...cycle: Failure[]): void {
    this.outage = { cycle, next: 0 };
  }

  endOutage(): void {
    this.outage = undefined;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages posted at the top level of a channel (not thread-only replies). */
  channelMessages(channel: string): FakeMessage[] {
    return this.messages.filter((m) => m.channel === channel && (!m.thread_ts || m.thread_ts === m.ts || m.reply_broadcast));
  }

  async waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 5_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error('FakeSlackApi.waitFor timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; headers?: Record<string, string>; body: unknown }> {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const raw = await readBody(req);
    const args = parseArgs(raw, req.headers['content-type']);
    const call: RecordedCall = { method, args, at: Date.now() };
    this.calls.push(call);
    const failure = this.failures.get(method)?.shift() ?? (this.outage && this.outage.cycle[this.outage.next++ % this.outage.cycle.length]);
    if (failure) call.failedWith = failure.status;
    if (failure?.afterPosting && method === 'chat.postMessage') this.post(args);
    if (failure?.status === 429) return { status: 429, headers: { 'retry-after': String(failure.retryAfterSec ?? 1) }, body: { ok: false, error: 'ratelimited' } };
    if (failure?.status === 500) return { status: 500, body: { ok: false, error: 'internal_error' } };
    if (req.headers.authorization !== `Bearer ${FAKE_BOT_TOKEN}`) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
    await this.hooks.get(method)?.(call);
    return { status: 200, headers: { 'x-oauth-scopes': this.grantedScopes.join(',') }, body: this.answer(method, args) };
  }

  private answer(method: string, args: Record<string, unknown>): unknown {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: FAKE_BOT_USER, bot_id: 'B0BOT', team_id: FAKE_TEAM, user: 'leadq', team: 'Test' };
      case 'chat.postMessage':
        return this.post(args);
      case 'chat.update': {
        const message = this.messages.find((m) => m.channel === args.channel && m.ts === args.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        Object.assign(message, { text: args.text, blocks: args.blocks });
        return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'conversations.history':
      case 'conversations.replies':
        return this.history(method, args);
      case 'conversations.members':
        return { ok: true, members: this.channelMembers.get(String(args.channel)) ?? [], response_metadata: { next_cursor: '' } };
      case 'conversations.info': {
        const name = this.channelNames.get(String(args.channel));
        if (name === undefined) return { ok: false, error: 'channel_not_found' };
        return { ok: true, channel: { id: args.channel, name, is_member: (this.channelMembers.get(String(args.channel)) ?? []).includes(FAKE_BOT_USER) } };
      }
      case 'users.info': {
        const user = this.users.get(String(args.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        const profile = { email: user.email, real_name: user.real_name, first_name: user.first_name, image_72: user.image_72 };
        return { ok: true, user: { id: args.user, real_name: user.real_name, locale: user.locale, profile } };
      }
      case 'views.open':
        return { ok: true, view: { id: `V${this.seq++}` } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private post(args: Record<string, unknown>): unknown {
    if (typeof args.channel !== 'string' || (!args.text && !args.blocks)) return { ok: false, error: 'no_text' };
    const message: FakeMessage = {
      channel: args.channel,
      ts: this.nextTs(),
      user: FAKE_BOT_USER,
      bot_id: 'B0BOT',
      ...(typeof args.text === 'string' ? { text: args.text } : {}),
      ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
      ...(args.metadata ? { metadata: args.metadata as FakeMessage['metadata'] } : {}),
      ...(typeof args.thread_ts === 'string' ? { thread_ts: args.thread_ts } : {}),
      ...(args.reply_broadcast === 'true' || args.reply_broadcast === true ? { reply_broadcast: true } : {}),
    };
    this.messages.push(message);
    return { ok: true, channel: message.channel, ts: message.ts, message };
  }

  /** Newest first, `oldest` inclusive, cursor = offset; metadata only with include_all_metadata. */
  private history(method: string, args: Record<string, unknown>): unknown {
    const oldest = Number(args.oldest ?? 0);
    const limit = Math.min(Number(args.limit ?? 100), 1000);
    const offset = Number(args.cursor ?? 0);
    const withMetadata = String(args.include_all_metadata) === 'true';
    const pool =
      method === 'conversations.replies'
        ? this.messages.filter((m) => m.channel === args.channel && (m.ts === args.ts || m.thread_ts === args.ts))
        : this.channelMessages(String(args.channel));
    const all = pool.filter((m) => Number(m.ts) >= oldest).sort((a, b) => Number(b.ts) - Number(a.ts));
    const page = all.slice(offset, offset + limit).map(({ metadata, ...m }) => (withMetadata && metadata ? { ...m, metadata } : m));
    const next = offset + limit < all.length ? String(offset + limit) : '';
    return { ok: true, messages: page, has_more: Boolean(next), response_metadata: { next_cursor: next } };
  }

  private nextTs(): string {
    this.seq += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.seq).padStart(6, '0')}`;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The Web API client sends form-encoded bodies with nested values as JSON strings. */
function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parseQuery(raw))) {
    const text = Array.isArray(value) ? value[0] : value;
    args[key] = text !== undefined && JSON_FIELDS.has(key) ? JSON.parse(text) : text;
  }
  return args;
}
