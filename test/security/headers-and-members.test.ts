/**
 * Low-severity findings: security headers and a CSP on every response (pages get their own CSP),
 * no caching of admin answers, the widget config keeps its cache header, and malformed
 * `membersAdded` entries are a 400 instead of a thrown turn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../support/app-harness.js';
import { BotFrameworkClient } from '../support/bf-client.js';

let running: RunningApp;
beforeAll(async () => {
  running = await startApp();
});
afterAll(async () => {
  await running.dispose();
});

describe('security headers', () => {
  it.each(['/', '/tarifs', '/contact'])('demo page %s has a CSP (inline script by hash, no framing) and nosniff', async (path) => {
    const res = await fetch(`${running.url}${path}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain("'unsafe-eval'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each(['/healthz', '/widget.js', '/api/web/config', '/api/leads', '/no/such/route'])('%s carries nosniff and a CSP', async (path) => {
    const res = await fetch(`${running.url}${path}`);
    await res.arrayBuffer();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('admin answers are never cached, even refusals', async () => {
    for (const res of [await running.admin('/api/leads'), await running.admin('/api/funnel'), await fetch(`${running.url}/api/leads`)]) {
      await res.arrayBuffer();
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('idle connections are kept 65 s, longer than a load balancer keeps its own', async () => {
    const res = await fetch(`${running.url}/healthz`);
    await res.arrayBuffer();
    expect(res.headers.get('keep-alive')).toBe('timeout=65');
  });

  it('/api/web/config keeps its public cache header', async () => {
    const res = await fetch(`${running.url}/api/web/config`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
  });
});

describe('membersAdded from the network', () => {
  it.each([[[null]], [[{}]], [[{ id: 42 }]], ['x']])('membersAdded %j is a 400', async (membersAdded) => {
    const client = new BotFrameworkClient(running.url);
    const res = await client.raw({ type: 'conversationUpdate', channelId: 'emulator', from: { id: client.userId }, conversation: { id: client.conversationId }, deliveryMode: 'expectReplies', membersAdded });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_activity');
  });
});
