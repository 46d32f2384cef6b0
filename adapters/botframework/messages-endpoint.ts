/**
 * `POST /api/messages`: the Bot Framework protocol (Emulator, Direct Line, Teams) through
 * CloudAdapter; `deliveryMode: "expectReplies"` returns the replies in the response body.
 * Safe by default (see endpoint-policy.ts): anonymous activities are refused in production unless
 * allowed, replies never go to an untrusted serviceUrl, an anonymous conversation belongs to its
 * first sender, and every caller is rate limited.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { TurnBot } from '../../bot/turn/turn-bot.js';
import { conversationKey, TurnQueue } from '../../bot/turn/turn-queue.js';
import type { Request, Server } from 'restify';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ConfigError } from '../../bot/config.js';
import type { VersionedStore } from '../../core/ports/versioned-store.js';
import type { Logger } from '../../core/log.js';
import { readJsonObject } from '../http/body.js';
import { HttpError, sendError } from '../http/errors.js';
import { validateActivity } from './activity-validation.js';
import { ConversationOwners } from './conversation-owners.js';
import { ReusedClientsAuthentication } from './reused-clients.js';
import { endpointPolicyFromEnv } from './endpoint-policy.js';
import { ROUTES_ONLY, type Mounted } from '../http/mounted.js';

class MessagesAdapter extends CloudAdapter {
  handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** Seconds a client is asked to wait when the store cannot be used. */
const STORE_RETRY_AFTER_SEC = 5;

export function createBotFrameworkAdapter(env: NodeJS.ProcessEnv, log: Logger, bot: Pick<TurnBot, 'turnFailedReply'>): MessagesAdapter {
  const adapter = new MessagesAdapter(new ReusedClientsAuthentication(new ConfigurationBotFrameworkAuthentication(env as Record<string, string>)));
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, conversation: context.activity.conversation?.id }, 'turn failed');
    await context.sendActivity(bot.turnFailedReply(context.activity));
  };
  return adapter;
}

/**
 * Requests per window, per client IP (offices share one) and per conversation (one person typing):
 * `BOT_RATE_LIMIT_IP` / `BOT_RATE_LIMIT_CONVERSATION` as `points/seconds`.
 */
export function messageRateLimits(env: NodeJS.ProcessEnv): { ip: RateLimit; conversation: RateLimit } {
  return { ip: rateLimit(env, 'BOT_RATE_LIMIT_IP', '600/60'), conversation: rateLimit(env, 'BOT_RATE_LIMIT_CONVERSATION', '30/10') };
}

interface RateLimit {
  points: number;
  duration: number;
}

function rateLimit(env: NodeJS.ProcessEnv, name: string, fallback: string): RateLimit {
  const raw = env[name]?.trim() || fallback;
  const match = /^(\d{1,9})\/(\d{1,6})$/.exec(raw);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) throw new ConfigError(`${name} must be "points/seconds" (e.g. ${fallback}), got "${raw}"`);
  return { points: Number(match[1]), duration: Number(match[2]) };
}

export function mountMessagesEndpoint(
  server: Server,
  deps: { bot: TurnBot; turns?: TurnQueue; env: NodeJS.ProcessEnv; maxBytes: number; log: Logger; owners: VersionedStore },
): Mounted {
  const { log } = deps;
  const adapter = createBotFrameworkAdapter(deps.env, log, deps.bot);
  const policy = endpointPolicyFromEnv(deps.env);
  const owners = new ConversationOwners(deps.owners);
  const limits = messageRateLimits(deps.env);
  const turns = deps.turns ?? new TurnQueue();
  const perIp = new RateLimiterMemory({ keyPrefix: 'bf-ip', ...limits.ip });
  const perConversation = new RateLimiterMemory({ keyPrefix: 'bf-conversation', ...limits.conversation });
  if (policy.refuseAnonymous) {
    log.warn('/api/messages: no MicrosoftAppId in production, so every activity is refused; set the Bot Framework credentials (or ALLOW_ANONYMOUS_BOT=true for the Emulator)');
  } else if (policy.anonymous) {
    log.warn({ trustedServiceUrls: policy.describeTrust() }, '/api/messages runs ANONYMOUS (no MicrosoftAppId): anyone can post activities; replies go only to trusted serviceUrls');
  }

  server.post('/api/messages', async (req, res) => {
    try {
      if (policy.refuseAnonymous) throw new HttpError(401, 'anonymous_refused', 'This bot requires Bot Framework authentication');
      await consume(perIp, req.socket.remoteAddress ?? 'unknown', res);
      const activity = validateActivity(await readJsonObject(req, deps.maxBytes));
      await consume(perConversation, `${activity.channelId ?? ''}:${activity.conversation.id}`, res);
      if (activity.deliveryMode !== 'expectReplies' && !policy.trustsServiceUrl(activity.serviceUrl)) {
        throw new HttpError(403, 'service_url_not_trusted', 'Replies cannot be sent to this serviceUrl; use deliveryMode "expectReplies" or add it to BOT_SERVICE_URLS');
      }
      if (policy.anonymous && activity.from?.id) {
        const visitorId = `${activity.channelId}:${activity.from.id}`;
        const admitted = await owners.admit(activity.channelId ?? '', activity.conversation.id, activity.from.id, visitorId).catch((err: unknown) => {
          // The store is failing: nothing of this activity was processed, so the visitor may simply send it again.
          log.error({ err, conversation: activity.conversation.id }, 'conversation owner check failed');
          res.header('Retry-After', String(STORE_RETRY_AFTER_SEC));
          throw new HttpError(503, 'store_unavailable', deps.bot.turnFailedReply(activity).text ?? 'Please retry');
        });
        if (!admitted) {
          throw new HttpError(403, 'conversation_forbidden', 'This conversation belongs to another user');
        }
      }
      const turn = () => adapter.handle(authHeader(req), activity, (context) => deps.bot.run(context));
      const invoke = await turns.run(conversationKey(activity.channelId, activity.conversation.id), turn).catch((err: unknown) => {
        const name = (err as { name?: string } | null)?.name ?? '';
        if (/Authentication|Unauthorized/i.test(name) || /Unauthorized|authorization/i.test(String((err as Error)?.message))) {
          throw new HttpError(401, 'unauthorized', 'Bot Framework authentication failed');
        }
        throw err;
      });
      res.status(invoke?.status ?? 200);
      if (invoke?.body !== undefined) res.json(invoke.body);
      else res.end();
    } catch (err) {
      if (!(err instanceof HttpError)) log.error({ err }, '/api/messages failed');
      sendError(res, err);
    }
  });
  return ROUTES_ONLY;
}

function authHeader(req: Request): string {
  return typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
}

async function consume(limiter: RateLimiterAbstract, key: string, res: { header(name: string, value: string): unknown }): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retryAfterSec = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    res.header('Retry-After', String(retryAfterSec));
    throw new HttpError(429, 'rate_limited', `Too many requests; retry in ${retryAfterSec} s`);
  }
}
