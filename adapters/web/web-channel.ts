/**
 * The website channel on the shared restify server: serves the widget bundle and its public
 * configuration, accepts visitor messages (POST) and streams the conversation back (SSE), and
 * records behaviour signals. See README.md in this folder for the protocol and why SSE + POST.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'restify';
import { visitorIdOf } from '../../core/lead/model.js';
import { createLogger } from '../../core/log.js';
import type { Store } from '../../core/ports/store.js';
import { recordBehaviour, WEB_CHANNEL_ID } from './behaviour.js';
import { publicWidgetConfig, type WebChannelConfig } from './config.js';
import { ConversationFeed } from './conversation-feed.js';
import { ConversationLog, type ConversationRecord } from './conversation-log.js';
import { EventStream } from './event-stream.js';
import { clientIp, HttpError, readJsonBody, sendError, sendJson } from './http-io.js';
import { LiveHub } from './live-hub.js';
import { OriginPolicy } from './origin-policy.js';
import { RateLimits, type MongoTarget } from './rate-limits.js';
import { RefusedOriginLog } from './refused-origins.js';
import { createRequestValidators, ID_PATTERN } from './request-schemas.js';
import { buildWidgetBundle, type WidgetBundle } from './widget-bundle.js';
import { WebHandoffChannel } from './web-handoff.js';
import type { TurnBot } from '../../bot/turn/turn-bot.js';
import type { Mounted } from '../http/mounted.js';
import type { TurnQueue } from '../../bot/turn/turn-queue.js';
import { WebTurns } from './web-turns.js';

const log = createLogger('web');
const idPattern = new RegExp(ID_PATTERN);

export interface WebChannelDeps {
  bot: TurnBot;
  /** The turn queue shared by every channel (one is made when not given). */
  turns?: TurnQueue;
  store: Store;
  config: WebChannelConfig;
  /** The store's MongoDB (MONGODB_URI / MONGODB_DB), so rate limits are shared by every replica when `store.kind` is `mongodb`. */
  mongodb?: MongoTarget;
  /** Called with the bot's id for the person (`web:<visitorId>`) after behaviour events were stored, so the lead is re-scored. */
  onBehaviour?: (visitorId: string) => Promise<void>;
  /** Open event streams allowed per IP (WEB_STREAMS_PER_IP); default DEFAULT_STREAMS_PER_IP. */
  streamsPerIp?: number;
}

type Handler = (req: IncomingMessage & { params?: Record<string, string> }, res: ServerResponse) => Promise<void>;

export const WEB_ROUTES = {
  widget: '/widget.js',
  config: '/api/web/config',
  behaviour: '/api/web/behaviour',
  start: '/api/web/conversations/:conversationId/start',
  messages: '/api/web/conversations/:conversationId/messages',
  events: '/api/web/conversations/:conversationId/events',
} as const;

export interface WebChannel extends Mounted {
  /** Serve an edited widget.yaml: origins, widget look, triggers and body limits apply at once; rate limits and replicas at the next start. */
  setConfig(next: WebChannelConfig): void;
  /** True once the widget bundle is built (readiness). */
  isReady(): boolean;
  /** Reaches this channel's visitors during a live hand-off. */
  readonly handoff: WebHandoffChannel;
}

export function mountWebChannel(server: Server, deps: WebChannelDeps): WebChannel {
  const { store } = deps;
  let config = deps.config;
  let origins = new OriginPolicy(config.allowedOrigins);
  const limits = RateLimits.create(config.rateLimits, store.kind, deps.mongodb, deps.streamsPerIp);
  let validate = createRequestValidators(config.limits);
  const conversations = new ConversationLog(store);
  const hub = new LiveHub();
  const turns = new WebTurns(deps.bot, conversations, hub, config.widget.botName, deps.turns);
  const streams = new Set<EventStream>();
  let publicConfig = publicWidgetConfig(config);
  const refusedOrigins = new RefusedOriginLog(log);

  let bundleBuilt = false;
  const bundle: Promise<WidgetBundle> = buildWidgetBundle();
  bundle.then(
    () => (bundleBuilt = true),
    (err: unknown) => log.error({ err }, 'widget bundle build failed'),
  );

  /** Origin check, CORS headers and JSON errors around every API route. */
  const api =
    (handler: (req: IncomingMessage, res: ServerResponse, cors: Record<string, string>, params: Record<string, string>) => Promise<void>): Handler =>
    async (req, res) => {
      const cors = origins.corsHeaders(req);
      try {
        if (!origins.isAllowed(req)) {
          refusedOrigins.warn(origins.originOf(req));
          throw new HttpError(403, 'origin_not_allowed', `Origin ${origins.originOf(req)} is not allowed to use this chat.`);
        }
        const params = req.params ?? {};
        if (params.conversationId !== undefined && !idPattern.test(params.conversationId)) {
          throw new HttpError(400, 'invalid_conversation_id', 'The conversation id is malformed.');
        }
        await handler(req, res, cors, params);
      } catch (error) {
        if (res.headersSent) return void log.warn({ err: error }, 'web channel error after response started');
        // A refused origin gets no CORS grant, except on the config route: the widget reads that refusal to tell the visitor.
        if (error instanceof HttpError) return sendError(res, error, error.status === 403 && req.url?.split('?')[0] !== WEB_ROUTES.config ? {} : cors);
        log.error({ err: error }, 'web channel request failed');
        sendError(res, new HttpError(500, 'internal_error', 'Something went wrong; please retry.'), cors);
      }
    };

  /** Spend the IP budget, then read and validate the body, then spend the visitor's budget. */
  const readRequest = async <T extends { visitorId: string }>(req: IncomingMessage, check: (body: unknown) => T): Promise<T> => {
    await limits.ip(clientIp(req, config.trustProxy));
    const body = check(await readJsonBody(req, config.limits.maxBodyBytes));
    await limits.visitor(body.visitorId);
    return body;
  };

  const preflight: Handler = async (req, res) => {
    if (!origins.isAllowed(req)) {
      refusedOrigins.warn(origins.originOf(req));
      return sendError(res, new HttpError(403, 'origin_not_allowed', 'This origin is not allowed to use this chat.'));
    }
    res.writeHead(204, origins.preflightHeaders(req));
    res.end();
  };
  for (const path of [WEB_ROUTES.config, WEB_ROUTES.behaviour, WEB_ROUTES.start, WEB_ROUTES.messages, WEB_ROUTES.events]) server.opts(path, preflight);

  server.get(WEB_ROUTES.widget, (async (req, res) => {
    const built = await bundle.catch(() => null);
    if (!built) return sendError(res, new HttpError(503, 'widget_unavailable', 'The widget bundle could not be built.'));
    const headers = { 'content-type': 'application/javascript; charset=utf-8', 'cache-control': 'public, max-age=300', etag: built.etag, vary: 'Accept-Encoding' };
    if (req.headers['if-none-match'] === built.etag) {
      res.writeHead(304, headers);
      return void res.end();
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? built.gzip : built.js;
    res.writeHead(200, { ...headers, 'content-length': String(body.length), ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    res.end(body);
  }) satisfies Handler);

  /** A request's language: its own, else the one its conversation started in, else the widget's. */
  const languageOf = (requested: string | undefined, record: ConversationRecord): string => requested ?? record.locale ?? config.widget.defaultLocale;

  /** Opens (or re-opens) the visitor's conversation; returns the request's language. */
  const openConversation = async (conversationId: string, body: { visitorId: string; locale?: string }): Promise<string> =>
    languageOf(body.locale, await conversations.open(conversationId, body.visitorId, body.locale));

  server.get(WEB_ROUTES.config, api(async (_req, res, cors) => sendJson(res, 200, publicConfig, { ...cors, 'cache-control': 'public, max-age=60' })));

  server.post(
    WEB_ROUTES.start,
    api(async (req, res, cors, { conversationId }) => {
      const body = await readRequest(req, validate.start);
      const locale = await openConversation(conversationId!, body);
      const trigger = body.triggerId === undefined ? undefined : config.triggers.find((t) => t.id === body.triggerId);
      if (body.triggerId !== undefined && !trigger) throw new HttpError(400, 'unknown_trigger', `No trigger "${body.triggerId}" is configured.`);
      if (trigger && (await conversations.claimOnce(conversationId!, body.visitorId, body.clientMessageId))) {
        const text = trigger.message[locale.slice(0, 2)] ?? trigger.message[config.widget.defaultLocale] ?? Object.values(trigger.message)[0]!;
        hub.publish(conversationId!, { name: 'message', message: await conversations.appendBotMessage(conversationId!, { text }) });
      }
      const startedNow = await conversations.start(conversationId!, body.visitorId);
      if (startedNow) void turns.run({ conversationId: conversationId!, visitorId: body.visitorId, locale, activity: { type: 'conversationUpdate', triggerId: trigger?.id } });
      sendJson(res, 202, { started: startedNow }, cors);
    }),
  );

  server.post(
    WEB_ROUTES.messages,
    api(async (req, res, cors, { conversationId }) => {
      const body = await readRequest(req, validate.message);
      // One read and one write of the conversation's record: ownership, language, seq, started.
      const { message, duplicate, startedNow, record } = await conversations.acceptVisitorMessage(conversationId!, body.visitorId, body.clientMessageId, body.text, body.locale);
      const locale = languageOf(body.locale, record);
      if (!duplicate) {
        hub.publish(conversationId!, { name: 'message', message });
        // The start request may have been lost: the bot still gets its conversationUpdate first.
        if (startedNow) void turns.run({ conversationId: conversationId!, visitorId: body.visitorId, locale, activity: { type: 'conversationUpdate' } });
        void turns.run({ conversationId: conversationId!, visitorId: body.visitorId, locale, activity: { type: 'message', text: body.text, clientMessageId: body.clientMessageId } });
      }
      sendJson(res, duplicate ? 200 : 202, { seq: message.seq, duplicate }, cors);
    }),
  );

  server.get(
    WEB_ROUTES.events,
    api(async (req, res, cors, { conversationId }) => {
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const visitorId = query.get('visitorId') ?? '';
      if (!idPattern.test(visitorId)) throw new HttpError(400, 'invalid_visitor_id', 'visitorId is missing or malformed.');
      const after = Math.max(watermark(query.get('after')), watermark(req.headers['last-event-id']));
      const ip = clientIp(req, config.trustProxy);
      await limits.ip(ip);
      await limits.visitor(visitorId);
      const release = limits.openStream(ip);
      try {
        await conversations.open(conversationId!, visitorId);
        await streamConversation(res, cors, conversationId!, after);
      } finally {
        release();
      }
    }),
  );

  server.post(
    WEB_ROUTES.behaviour,
    api(async (req, res, cors) => {
      const body = await readRequest(req, validate.behaviour);
      const stored = await recordBehaviour(store, body);
      if (deps.onBehaviour) {
        await deps.onBehaviour(visitorIdOf(WEB_CHANNEL_ID, body.visitorId)).catch((err: unknown) => log.error({ err }, 'onBehaviour failed'));
      }
      sendJson(res, 202, { stored }, cors);
    }),
  );

  /** Replay history after the watermark, then push what this process's hub or the store (other replicas) brings. */
  async function streamConversation(res: ServerResponse, cors: Record<string, string>, conversationId: string, after: number): Promise<void> {
    const stream = new EventStream(res, cors);
    streams.add(stream);
    const closed = new Promise<void>((resolve) => res.once('close', resolve));
    const feed = new ConversationFeed(conversations, conversationId, after, (message) => stream.send('message', message, message.seq), config.replicas);
    const unsubscribe = hub.subscribe(conversationId, (event) => {
      if (event.name === 'typing') stream.send('typing', { on: event.on });
      else if (event.name === 'notice') stream.send('notice', { text: event.text });
      else feed.offer(event.message);
    });
    try {
      await feed.start();
      stream.send('ready', { watermark: feed.watermark });
      await closed;
    } catch (error) {
      // The browser reconnects with Last-Event-ID and the replay resumes where this one stopped.
      log.warn({ err: error, conversationId }, 'web stream failed');
      stream.end();
    } finally {
      feed.stop();
      unsubscribe();
      streams.delete(stream);
    }
  }

  return {
    handoff: new WebHandoffChannel(conversations, hub, turns),
    isReady: () => bundleBuilt,
    setConfig(next) {
      if (JSON.stringify([next.rateLimits, next.replicas]) !== JSON.stringify([config.rateLimits, config.replicas])) {
        log.warn('widget config: rateLimits and replicas changes apply at the next restart');
      }
      config = next;
      origins = new OriginPolicy(next.allowedOrigins);
      validate = createRequestValidators(next.limits);
      publicConfig = publicWidgetConfig(next);
      refusedOrigins.clear();
    },
    async close() {
      for (const stream of streams) stream.end();
      await turns.idle();
      await limits.close();
    },
  };
}

function watermark(raw: unknown): number {
  const value = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
  return Number.isSafeInteger(value) ? value : 0;
}
