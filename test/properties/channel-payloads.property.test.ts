/**
 * Well-addressed but hostile payloads on every channel: website messages, starts, behaviour
 * batches and streams; Bot Framework activities with arbitrary fields; Slack events, interactions
 * and slash commands with VALID signatures; admin queries; console sign-in and CSRF'd changes.
 * Never a 5xx; and nothing is stored that should not be: a refused behaviour batch stores no
 * event (no partial batch), a refused message writes no conversation, no lead appears without
 * consent and an e-mail.
 */
import { randomUUID } from 'node:crypto';
import { stringify } from 'node:querystring';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { conversationStateKey } from '../../adapters/web/conversation-log.js';
import { signature } from '../slack/support/slack-requests.js';
import { FAKE_TEAM } from '../slack/support/fake-slack-api.js';
import { ADMIN_TOKEN } from '../support/app-harness.js';
import { hostileJsonText, hostileString, jsonObjectText, jsonOf, jsonStringText, objectBody, POLLUTING_KEYS, queryString, wellFormed } from './support/hostile.js';
import { expectClientErrorHandled, send, startPropertyApp, type HostileRequest, type PropertyApp } from './support/property-app.js';

// Each property drives the real app dozens of times: minutes, not the default 30 s, on a busy 2-core CI machine.
vi.setConfig({ testTimeout: 300_000 });

const RUNS = 40;

let app: PropertyApp;
beforeAll(async () => {
  app = await startPropertyApp();
});
afterAll(async () => {
  await app?.close();
});

const validId = fc.uuid().map((u) => u.replaceAll('-', ''));
const json = (method: string, path: string, body: string, headers: Record<string, string> = {}): HostileRequest => ({ method, path, headers: { 'content-type': 'application/json', ...headers }, body });

/** Leads are only ever stored with consent; with consent but no e-mail they stay visitors. */
async function expectNoLeadWithoutConsent(): Promise<void> {
  const { items } = await app.running.app.store.leads.list({ limit: 1000 });
  for (const lead of items) {
    expect(lead.consent?.given, `lead ${lead._id} stored without consent`).toBe(true);
    if (lead.stage !== 'visitor') expect(lead.email, `lead ${lead._id} at ${lead.stage} without an e-mail`).toMatch(/^[^\s@]+@[^\s@]+$/);
  }
}

describe('website channel', () => {
  it('a message: any text, ids and locale — never a 5xx, and a refused one opens no conversation', async () => {
    const body = objectBody({ visitorId: validId, clientMessageId: validId, text: hostileString, locale: fc.constantFrom('fr', 'en-GB', 'xx-YY') });
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const conversationId = randomUUID();
        const request = json('POST', `/api/web/conversations/${conversationId}/messages`, text);
        const answer = await send(app.url, request);
        expectClientErrorHandled(answer, request);
        if (answer.status >= 400) expect(await app.running.app.store.webConversations.read(conversationStateKey(conversationId))).toBeNull();
        else expect(answer.status).toBe(202);
      }),
      { numRuns: RUNS },
    );
  });

  it('a start: any trigger, ids and locale — never a 5xx', async () => {
    const body = objectBody({ visitorId: validId, clientMessageId: validId, locale: fc.constantFrom('fr', 'en'), triggerId: fc.oneof(hostileString, fc.constantFrom('pricing-30s')) });
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const request = json('POST', `/api/web/conversations/${randomUUID()}/start`, text);
        expectClientErrorHandled(await send(app.url, request), request);
      }),
      { numRuns: RUNS },
    );
  });

  it('a behaviour batch: every event stored, or none (no partial batch)', async () => {
    const propName = fc.oneof(fc.constantFrom('utm.source', 'utm_source', 'plan', 'a.b.c', 'price'), fc.constantFrom(...POLLUTING_KEYS), hostileString);
    const propValue = fc.oneof(hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant({ $gt: '' }));
    const event = fc.record(
      { name: fc.oneof(fc.constantFrom('page_view', 'pricing:viewed', 'cta.click'), hostileString), at: fc.oneof(fc.integer({ min: 0 }), fc.double(), fc.constant(Date.now())), props: fc.dictionary(propName, propValue, { maxKeys: 4 }) },
      { requiredKeys: ['name'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 0, maxLength: 25 }), async (events) => {
        const visitorId = randomUUID().replaceAll('-', '');
        const request = json('POST', '/api/web/behaviour', JSON.stringify({ visitorId, events }));
        const answer = await send(app.url, request);
        expectClientErrorHandled(answer, request);
        const stored = await app.running.app.store.events.listByVisitor([`web:${visitorId}`]);
        expect(stored).toHaveLength(answer.status === 202 ? events.length : 0);
        for (const e of stored) for (const name of Object.keys(e.props ?? {})) expect(name).not.toMatch(/^\$|\.|^__proto__$/);
      }),
      { numRuns: RUNS },
    );
  });

  it('a stream: any visitor id, watermark and Last-Event-ID — never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(validId, hostileString), fc.oneof(fc.integer().map(String), hostileString), fc.string(), async (visitorId, after, lastEventId) => {
        const query = new URLSearchParams({ visitorId: visitorId.slice(0, 500), after: after.slice(0, 500) }).toString();
        const request: HostileRequest = { method: 'GET', path: `/api/web/conversations/${randomUUID()}/events?${query}`, headers: { 'last-event-id': lastEventId.replace(/[^\x20-\x7e]/g, '') } };
        expectClientErrorHandled(await send(app.url, request), request);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('Bot Framework /api/messages', () => {
  it('an activity with arbitrary fields around a valid core — never a 5xx, and no lead without consent', async () => {
    const anyJson = hostileJsonText;
    const activity = jsonObjectText({
      type: fc.oneof(jsonOf('message', 'conversationUpdate', 'event', 'invoke', 'typing', 'endOfConversation'), jsonStringText),
      id: fc.oneof(fc.uuid().map((u) => JSON.stringify(u)), jsonStringText),
      text: jsonStringText,
      channelId: fc.oneof(jsonOf('emulator', 'msteams', 'directline', 'slack', 'web'), jsonStringText),
      locale: fc.oneof(jsonOf('fr-FR', 'en-US'), jsonStringText),
      from: fc.oneof(jsonObjectText({ id: fc.oneof(fc.uuid().map((u) => JSON.stringify(u)), jsonStringText), name: jsonStringText }, ['id']), anyJson),
      conversation: fc.oneof(jsonObjectText({ id: fc.oneof(fc.uuid().map((u) => JSON.stringify(u)), jsonStringText) }, ['id']), anyJson),
      membersAdded: fc.oneof(fc.array(fc.oneof(jsonObjectText({ id: jsonStringText }), jsonOf(null)), { maxLength: 3 }).map((items) => `[${items.join(',')}]`), anyJson),
      value: anyJson,
      channelData: anyJson,
      entities: anyJson,
      attachments: anyJson,
      serviceUrl: fc.oneof(jsonOf('http://127.0.0.1:1/unused', 'http://169.254.169.254/latest', 'file:///etc/passwd'), jsonStringText),
      deliveryMode: fc.oneof(jsonOf('expectReplies', 'normal'), jsonStringText),
      recipient: anyJson,
    });
    await fc.assert(
      fc.asyncProperty(activity, fc.uuid(), fc.uuid(), async (fields, user, conversation) => {
        // Defaults first: a field the run generated replaces its default (JSON keeps the last duplicate).
        const defaults = `"type":"message","serviceUrl":"http://127.0.0.1:1/unused","deliveryMode":"expectReplies","recipient":{"id":"leadq-bot"},"from":{"id":"${user}"},"conversation":{"id":"${conversation}"}`;
        const request = json('POST', '/api/messages', fields === '{}' ? `{${defaults}}` : `{${defaults},${fields.slice(1)}`);
        expectClientErrorHandled(await send(app.url, request), request);
      }),
      { numRuns: RUNS },
    );
    await expectNoLeadWithoutConsent();
  });
});

describe('Slack /slack/events with valid signatures', () => {
  const signed = (body: string, contentType: string): HostileRequest => {
    const now = Math.floor(Date.now() / 1000);
    return { method: 'POST', path: '/slack/events', headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(now), 'x-slack-signature': signature(body, now) }, body };
  };
  const user = fc.oneof(jsonOf('U0VISITOR', 'U0REP1'), jsonStringText);

  it('an Events API callback with an arbitrary event — never a 5xx', async () => {
    const event = jsonObjectText(
      {
        type: fc.oneof(jsonOf('message', 'app_mention', 'app_home_opened', 'member_joined_channel'), jsonStringText, hostileJsonText),
        channel: fc.oneof(jsonOf('D0DM1', 'C0SALES'), jsonStringText),
        user,
        text: fc.oneof(jsonStringText, hostileJsonText),
        ts: fc.oneof(fc.constant(JSON.stringify(`${Date.now() / 1000}`)), jsonStringText),
        thread_ts: jsonStringText,
        channel_type: fc.oneof(jsonOf('im', 'channel'), jsonStringText),
        subtype: jsonStringText,
        bot_id: jsonStringText,
      },
      ['type'],
    );
    const envelope = jsonObjectText(
      {
        type: fc.oneof(jsonOf('event_callback'), jsonStringText),
        event_id: fc.oneof(fc.uuid().map((u) => JSON.stringify(u)), jsonStringText),
        team_id: fc.oneof(jsonOf(FAKE_TEAM), jsonStringText),
        event: fc.oneof(event, hostileJsonText),
        authorizations: fc.oneof(jsonOf([{ team_id: FAKE_TEAM, user_id: 'U0BOT', is_bot: true }]), hostileJsonText),
      },
      ['type'],
    );
    await fc.assert(
      fc.asyncProperty(envelope, async (body) => {
        const request = signed(body, 'application/json');
        expectClientErrorHandled(await send(app.url, request), request, 'none');
      }),
      { numRuns: RUNS },
    );
  });

  it('an interaction payload (buttons, views) with arbitrary fields — never a 5xx', async () => {
    const action = jsonObjectText({
      type: fc.oneof(jsonOf('button'), jsonStringText),
      action_id: fc.oneof(jsonOf('lead_claim', 'lead_accept', 'lead_reject', 'handoff_join', 'handoff_leave'), jsonStringText),
      value: fc.oneof(jsonStringText, hostileJsonText),
      block_id: jsonStringText,
    });
    const payload = jsonObjectText(
      {
        type: fc.oneof(jsonOf('block_actions', 'view_submission', 'shortcut', 'message_action'), jsonStringText),
        user: fc.oneof(jsonObjectText({ id: user, team_id: jsonOf(FAKE_TEAM) }, ['id']), hostileJsonText),
        team: jsonOf({ id: FAKE_TEAM }),
        channel: jsonObjectText({ id: fc.oneof(jsonOf('C0SALES'), jsonStringText) }),
        container: jsonObjectText({ type: jsonOf('message'), message_ts: jsonStringText, channel_id: jsonStringText }),
        message: jsonObjectText({ ts: jsonStringText, text: jsonStringText, metadata: hostileJsonText }),
        actions: fc.oneof(fc.array(action, { maxLength: 2 }).map((items) => `[${items.join(',')}]`), hostileJsonText),
        view: hostileJsonText,
        trigger_id: jsonStringText,
        response_url: jsonOf('http://127.0.0.1:9/unused'),
      },
      ['type'],
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(payload, hostileString), async (text) => {
        const request = signed(stringify({ payload: wellFormed(text) }), 'application/x-www-form-urlencoded');
        expectClientErrorHandled(await send(app.url, request), request, 'none');
      }),
      { numRuns: RUNS },
    );
  });

  it('a /leads slash command with arbitrary text and fields — never a 5xx', async () => {
    const command = fc.record({ command: fc.oneof(fc.constant('/leads'), hostileString), text: fc.oneof(fc.constantFrom('', 'hot', 'leave web:abc', 'list', 'help'), hostileString), user_id: fc.oneof(fc.constantFrom('U0VISITOR', 'U0REP1'), hostileString), channel_id: hostileString, team_id: fc.constant(FAKE_TEAM), response_url: fc.constant('http://127.0.0.1:9/unused'), trigger_id: hostileString });
    await fc.assert(
      fc.asyncProperty(command, async (fields) => {
        const request = signed(stringify(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, wellFormed(v)]))), 'application/x-www-form-urlencoded');
        expectClientErrorHandled(await send(app.url, request), request, 'none');
      }),
      { numRuns: RUNS },
    );
  });
});

describe('admin API queries and console changes', () => {
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
  it.each([
    ['/api/leads', ['stage', 'temperature', 'minScore', 'maxScore', 'email', 'channel', 'country', 'sector', 'companySize', 'q', 'from', 'to', 'sort', 'order', 'limit', 'skip']],
    ['/api/leads.csv', ['stage', 'q', 'sort', 'order', 'limit', 'skip', 'from', 'to']],
    ['/api/funnel', ['from', 'to', 'groupBy']],
    ['/api/dialogs/dropoff', ['from', 'to', 'flow']],
  ] as const)('%s with any query, signed in — never a 5xx, a 4xx names the problem', async (path, fields) => {
    await fc.assert(
      fc.asyncProperty(queryString(fields), async (query) => {
        const request: HostileRequest = { method: 'GET', path: `${path}?${query}`, headers: admin };
        expectClientErrorHandled(await send(app.url, request), request);
      }),
      { numRuns: RUNS },
    );
  });

  it('console sign-in with any body, then CSRF-protected changes with any body and token — never a 5xx', async () => {
    const signInBody = objectBody({ name: fc.oneof(fc.constant('admin'), hostileString), password: fc.oneof(fc.constant(ADMIN_TOKEN), hostileString) });
    await fc.assert(
      fc.asyncProperty(signInBody, async (body) => {
        const request = json('POST', '/console/api/sign-in', body);
        expectClientErrorHandled(await send(app.url, request), request);
      }),
      { numRuns: RUNS },
    );
    const session = await fetch(`${app.url}/console/api/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: ADMIN_TOKEN }) });
    expect(session.status).toBe(200);
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const { csrf } = (await session.json()) as { csrf: string };
    const change = fc.record({
      route: fc.constantFrom<[string, string]>(['POST', 'stage'], ['PUT', 'owner'], ['POST', 'notes']),
      id: fc.oneof(fc.constant('no-such-lead'), hostileString.filter((s) => s.length > 0).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '')).slice(0, 300) || 'x')),
      token: fc.oneof(fc.constant(csrf), fc.string().map((s) => s.replace(/[^\x20-\x7e]/g, ''))),
      body: fc.oneof(objectBody({ stage: fc.constantFrom('sql', 'rejected', 'mql'), reason: hostileString, owner: hostileString, text: hostileString }), hostileJsonText),
    });
    await fc.assert(
      fc.asyncProperty(change, async ({ route: [method, action], id, token, body }) => {
        const request = json(method, `/api/leads/${id}/${action}`, body, { cookie, 'x-csrf-token': token });
        const answer = await send(app.url, request);
        expectClientErrorHandled(answer, request);
        if (token !== csrf) expect(answer.status).toBe(403);
      }),
      { numRuns: RUNS },
    );
  });
});
