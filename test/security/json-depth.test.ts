/**
 * Deeply nested JSON is refused by the one body reader every JSON endpoint uses: a clear 400,
 * nothing stored, and the request (with its Authorization header) never logged.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../adapters/http/body.js';
import { setLogDestination } from '../../core/log.js';
import { ADMIN_TOKEN, startApp, type RunningApp } from '../support/app-harness.js';

let running: RunningApp;
const logged: string[] = [];

beforeAll(async () => {
  setLogDestination(new Writable({ write: (chunk: Buffer, _enc, done) => void (logged.push(chunk.toString('utf8')), done()) }), 'trace');
  running = await startApp();
});
afterAll(async () => {
  await running.dispose();
  setLogDestination();
});

function nested(depth: number): string {
  return `${'['.repeat(depth)}null${']'.repeat(depth)}`;
}

const post = (path: string, body: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${running.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('JSON nesting limit', () => {
  it('/api/messages: a 32,000-deep array inside `conversation` is a 400, the turn is not saved, the secret header is not logged', async () => {
    const body = `{"type":"message","id":"a1","text":"bonjour","channelId":"emulator","from":{"id":"u1"},"conversation":{"id":"c-deep","x":${nested(32_000)}},"deliveryMode":"expectReplies"}`;
    const res = await post('/api/messages', body, { authorization: 'Bearer very-secret-bearer' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too_deep');
    expect(await running.app.store.conversations.read('conversation/emulator/c-deep')).toBeNull();
    expect(logged.join('')).not.toContain('very-secret-bearer');
  });

  it.each(['/api/web/behaviour', '/api/web/conversations/0d6f3b7e-2c1a-4b8e-9a57-3f1f0c2d9e11/messages'])('%s refuses JSON nested deeper than the limit with a 400', async (path) => {
    const res = await post(path, `{"visitorId":"v1","clientMessageId":"m1","text":"x","events":${nested(MAX_JSON_DEPTH + 1)}}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too_deep');
  });

  it('the limit leaves room for real activities (depth 20 is accepted by the reader)', async () => {
    const res = await post('/api/messages', `{"type":"message","id":"a2","text":"bonjour","channelId":"emulator","from":{"id":"u2"},"conversation":{"id":"c-ok"},"channelData":{"x":${nested(20)}},"deliveryMode":"expectReplies"}`);
    expect(res.status).toBe(200);
  });

  it('an admin request that fails never logs its bearer token', async () => {
    await fetch(`${running.url}/api/leads?limit=0`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(logged.join('')).not.toContain(ADMIN_TOKEN);
  });
});
