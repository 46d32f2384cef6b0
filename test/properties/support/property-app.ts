/**
 * The real app for a property file: Slack configured against the local fake Web API (so
 * `/slack/events` is mounted), budgets raised so a property run tests input handling rather than
 * rate limits, and the readiness check passed before the first run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { FakeSlackApi } from '../../slack/support/fake-slack-api.js';
import { slackEnv } from '../../e2e-slack/slack-app-env.js';
import { startApp, type RunningApp } from '../../support/app-harness.js';

export interface PropertyApp {
  running: RunningApp;
  slack: FakeSlackApi;
  url: string;
  close(): Promise<void>;
}

const GENEROUS = '100000/1';

export async function startPropertyApp(env: Record<string, string> = {}): Promise<PropertyApp> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hostile-props-'));
  const widget = parse(readFileSync('config/widget.yaml', 'utf8')) as Record<string, unknown>;
  widget.rateLimits = { visitor: { points: 100_000, durationSec: 1 }, ip: { points: 100_000, durationSec: 1 } };
  const widgetFile = path.join(dir, 'widget.yaml');
  await writeFile(widgetFile, stringify(widget));
  const slack = await FakeSlackApi.start();
  const running = await startApp({
    env: { ...slackEnv(slack.url), WIDGET_CONFIG: widgetFile, BOT_RATE_LIMIT_CONVERSATION: GENEROUS, CONSOLE_SIGN_IN_PER_MINUTE: '100000', ...env },
  });
  await waitUntilReady(running.url);
  return {
    running,
    slack,
    url: running.url,
    async close() {
      await running.dispose();
      await slack.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilReady(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/readyz`);
    await res.arrayBuffer();
    if (res.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms`);
}

export interface HostileRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** Sends the request; an event stream that opens is closed as soon as its headers arrive. */
export async function send(baseUrl: string, request: HostileRequest): Promise<Answer> {
  const abort = new AbortController();
  const withBody = request.body !== undefined && !['GET', 'HEAD'].includes(request.method);
  const res = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: request.headers ?? {},
    ...(withBody && { body: request.body }),
    signal: abort.signal,
  });
  const contentType = res.headers.get('content-type') ?? '';
  if (contentType.startsWith('text/event-stream')) {
    abort.abort();
    return { status: res.status, contentType, text: '' };
  }
  return { status: res.status, contentType, text: await res.text() };
}

/** No 5xx; a 4xx is the JSON error shape `{error: {code, message}}`, unless the route's protocol says otherwise (Slack: no body). */
export function expectClientErrorHandled(answer: Answer, request: HostileRequest, errorBody: 'json' | 'none' = 'json'): void {
  const where = `${request.method} ${request.path.slice(0, 200)} → ${answer.status} ${answer.text.slice(0, 300)}`;
  expect(answer.status, where).toBeLessThan(500);
  if (answer.status < 400 || errorBody === 'none') return;
  expect(answer.contentType, where).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code, where).toBe('string');
  expect(typeof body.error?.message, where).toBe('string');
}
