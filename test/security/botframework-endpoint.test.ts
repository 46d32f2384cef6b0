/**
 * `/api/messages` is safe by default: anonymous activities are refused in production unless
 * explicitly allowed, replies never go to an untrusted serviceUrl, an anonymous conversation
 * belongs to its first sender, callers are rate limited, and running anonymous is logged at start.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setLogDestination } from '../../core/log.js';
import { startApp, type RunningApp } from '../support/app-harness.js';
import { BotFrameworkClient } from '../support/bf-client.js';

/** A Bot Connector stand-in on loopback: counts every call the bot makes to it. */
let connector: Server;
let connectorUrl: string;
const connectorCalls: string[] = [];
beforeAll(async () => {
  connector = createServer((req, res) => {
    connectorCalls.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"r1"}');
    });
  });
  await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
  connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => connector.close(() => resolve())));

const apps: RunningApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.dispose()));
  connectorCalls.length = 0;
  setLogDestination();
});
async function start(env: Record<string, string>): Promise<RunningApp> {
  const running = await startApp({ env });
  apps.push(running);
  return running;
}

const activity = (overrides: Record<string, unknown> = {}) => ({
  type: 'message',
  id: `a-${Math.random()}`,
  channelId: 'emulator',
  text: 'bonjour',
  from: { id: 'visitor-1' },
  recipient: { id: 'bot' },
  conversation: { id: `conv-${Math.random()}` },
  deliveryMode: 'expectReplies',
  ...overrides,
});

describe('production without Bot Framework credentials', () => {
  it('refuses anonymous activities with a 401 and logs why at start', async () => {
    const lines: string[] = [];
    setLogDestination(new Writable({ write: (chunk: Buffer, _enc, done) => void (lines.push(chunk.toString()), done()) }), 'info');
    const running = await start({ NODE_ENV: 'production' });
    const res = await new BotFrameworkClient(running.url).raw(activity());
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('anonymous_refused');
    expect(lines.join('')).toMatch(/no MicrosoftAppId in production/);
  });

  it('ALLOW_ANONYMOUS_BOT=true accepts them (expectReplies), with a warning at start', async () => {
    const lines: string[] = [];
    setLogDestination(new Writable({ write: (chunk: Buffer, _enc, done) => void (lines.push(chunk.toString()), done()) }), 'info');
    const running = await start({ NODE_ENV: 'production', ALLOW_ANONYMOUS_BOT: 'true' });
    const res = await new BotFrameworkClient(running.url).raw(activity());
    expect(res.status).toBe(200);
    expect(lines.join('')).toMatch(/ANONYMOUS/);
  });
});

describe('serviceUrl allow-list', () => {
  it('never calls a serviceUrl it was not configured to trust (production, anonymous allowed, empty list)', async () => {
    const running = await start({ NODE_ENV: 'production', ALLOW_ANONYMOUS_BOT: 'true' });
    const res = await new BotFrameworkClient(running.url).raw(activity({ deliveryMode: undefined, serviceUrl: connectorUrl }));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('service_url_not_trusted');
    expect(connectorCalls).toEqual([]);
  });

  it('outside production only loopback is trusted by default: a metadata-service URL is refused', async () => {
    const running = await start({});
    const res = await new BotFrameworkClient(running.url).raw(activity({ deliveryMode: undefined, serviceUrl: 'http://169.254.169.254/latest/meta-data/' }));
    expect(res.status).toBe(403);
  });

  it('a serviceUrl on BOT_SERVICE_URLS gets the replies', async () => {
    const running = await start({ NODE_ENV: 'production', ALLOW_ANONYMOUS_BOT: 'true', BOT_SERVICE_URLS: `${connectorUrl}/` });
    const res = await new BotFrameworkClient(running.url).raw(activity({ deliveryMode: undefined, serviceUrl: connectorUrl }));
    expect(res.status).toBe(200);
    expect(connectorCalls.length).toBeGreaterThan(0);
    expect(connectorCalls.every((call) => call.startsWith('POST /v3/conversations/'))).toBe(true);
  });
});

describe('conversation ownership and rate limits', () => {
  it('another from.id reusing a conversation id is refused and the conversation is untouched', async () => {
    const running = await start({});
    const owner = new BotFrameworkClient(running.url, { locale: 'fr-FR' });
    await owner.say('bonjour');
    await owner.say('oui');
    expect(owner.prompt?.slot).toBe('name');
    const intruder = new BotFrameworkClient(running.url, { conversationId: owner.conversationId, locale: 'fr-FR' });
    const res = await intruder.raw(activity({ conversation: { id: owner.conversationId }, from: { id: intruder.userId }, text: 'Mallory' }));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('conversation_forbidden');
    await owner.say('Jean Dupont');
    expect(owner.prompt?.slot).toBe('email');
  });

  it('a flood on one conversation gets 429 with Retry-After', async () => {
    const running = await start({ BOT_RATE_LIMIT_CONVERSATION: '5/60' });
    const client = new BotFrameworkClient(running.url);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 8; i++) {
      const res = await client.raw(activity({ conversation: { id: client.conversationId }, from: { id: client.userId } }));
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
      await res.arrayBuffer();
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('a flood from one IP gets 429 across conversations', async () => {
    const running = await start({ BOT_RATE_LIMIT_IP: '4/60' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await new BotFrameworkClient(running.url).raw(activity());
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
