/**
 * Requests exactly as Slack sends them to /slack/events: v0 HMAC-SHA256 signature over
 * `v0:<timestamp>:<raw body>`, JSON for the Events API, form-encoded for interactivity
 * (`payload=<json>`) and slash commands.
 */
import { createHmac } from 'node:crypto';
import { stringify } from 'node:querystring';
import { FAKE_TEAM } from './fake-slack-api.js';

export const SIGNING_SECRET = 'test-signing-secret-8f2c';

export interface SlackRequest {
  body: string;
  contentType: 'application/json' | 'application/x-www-form-urlencoded';
}

export function signature(body: string, timestampSec: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  secret?: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Overrides the computed signature (forgeries). */
  signature?: string;
  headers?: Record<string, string>;
}

export async function sendToSlackEndpoint(baseUrl: string, request: SlackRequest, options: SendOptions = {}): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': request.contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? signature(request.body, timestamp, options.secret),
      ...options.headers,
    },
    body: request.body,
  });
}

let eventSeq = 0;

export function eventCallback(event: Record<string, unknown>, eventId = `Ev${Date.now()}${eventSeq++}`): SlackRequest {
  return {
    contentType: 'application/json',
    body: JSON.stringify({
      token: 'deprecated-verification-token',
      team_id: FAKE_TEAM,
      api_app_id: 'A0APP',
      event,
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: FAKE_TEAM, user_id: 'U0BOT', is_bot: true }],
    }),
  };
}

export function directMessage(user: string, text: string, channel = 'D0DM1'): Record<string, unknown> {
  return { type: 'message', channel, user, text, ts: `${Date.now() / 1000}`, event_ts: `${Date.now() / 1000}`, channel_type: 'im', team: FAKE_TEAM };
}

export function interaction(payload: Record<string, unknown>): SlackRequest {
  return { contentType: 'application/x-www-form-urlencoded', body: stringify({ payload: JSON.stringify(payload) }) };
}

/** A block_actions payload for a click on `actionId` in a message. */
export function buttonClick(user: string, action: { action_id: string; value: string; text?: string }, where: { channel: string; ts: string; text?: string; threadTs?: string }): SlackRequest {
  return interaction({
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), team_id: FAKE_TEAM },
    api_app_id: 'A0APP',
    token: 'deprecated-verification-token',
    team: { id: FAKE_TEAM, domain: 'test' },
    container: { type: 'message', message_ts: where.ts, channel_id: where.channel, is_ephemeral: false, ...(where.threadTs ? { thread_ts: where.threadTs } : {}) },
    trigger_id: `trigger-${Date.now()}`,
    channel: { id: where.channel, name: 'sales' },
    message: { type: 'message', ts: where.ts, text: where.text ?? '', ...(where.threadTs ? { thread_ts: where.threadTs } : {}) },
    response_url: 'http://127.0.0.1:9/unused',
    actions: [
      {
        type: 'button',
        action_id: action.action_id,
        block_id: 'b1',
        value: action.value,
        text: { type: 'plain_text', text: action.text ?? action.value },
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  });
}

export function slashCommand(user: string, text: string, command = '/leads'): SlackRequest {
  return {
    contentType: 'application/x-www-form-urlencoded',
    body: stringify({
      token: 'deprecated-verification-token',
      team_id: FAKE_TEAM,
      team_domain: 'test',
      channel_id: 'C0OTHER',
      channel_name: 'general',
      user_id: user,
      user_name: user.toLowerCase(),
      command,
      text,
      api_app_id: 'A0APP',
      response_url: 'http://127.0.0.1:9/unused',
      trigger_id: `trigger-${Date.now()}`,
    }),
  };
}
