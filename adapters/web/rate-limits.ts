/**
 * Per-visitor and per-IP flood protection (rate-limiter-flexible). Both budgets must have room;
 * a flooding visitor exhausts only its own budget, so other visitors keep chatting.
 * On MongoDB the budgets live in one collection shared by every bot process (RateLimiterMongo),
 * with an in-memory limiter as insurance while MongoDB cannot be reached; on the embedded store
 * (one process by construction) they live in memory.
 */
import { MongoClient } from 'mongodb';
import { RateLimiterMemory, RateLimiterMongo, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { createLogger } from '../../bot/log.js';
import type { Store } from '../../bot/lead/store.js';
import type { RateLimitRule, WebChannelConfig } from './config.js';
import { HttpError } from './http-io.js';

const log = createLogger('web');

/** Collection of the shared budgets (one document per key and window, removed by a TTL index). */
export const RATE_LIMIT_COLLECTION = 'web_rate_limits';
/** A request must not wait long for an unreachable MongoDB: the insurance limiter answers instead (unless the URI says otherwise). */
const SERVER_SELECTION_TIMEOUT_MS = 2000;

/** Where the store's MongoDB is (the app's MONGODB_URI / MONGODB_DB). */
export interface MongoTarget {
  uri: string;
  /** Default: the database named in the URI, else the driver's default. */
  dbName?: string;
}

export type RateLimitBackend = 'memory' | 'mongodb';

export class RateLimits {
  private constructor(
    readonly backend: RateLimitBackend,
    private readonly perVisitor: RateLimiterAbstract,
    private readonly perIp: RateLimiterAbstract,
    private readonly mongo?: { client: MongoClient; limiter: RateLimiterMongo },
  ) {}

  /** Shared budgets when the store is MongoDB (and its URI is given), in-memory ones otherwise. */
  static create(rules: WebChannelConfig['rateLimits'], storeKind: Store['kind'], mongodb?: MongoTarget): RateLimits {
    const visitorKey = 'web-visitor';
    const ipKey = 'web-ip';
    if (storeKind !== 'mongodb' || !mongodb) {
      if (storeKind === 'mongodb') log.warn('web rate limits: the store is MongoDB but no URI was given to the web channel; budgets are per process');
      return new RateLimits('memory', inMemory(visitorKey, rules.visitor), inMemory(ipKey, rules.ip));
    }
    const timeoutInUri = /[?&]serverSelectionTimeoutMS=/i.test(mongodb.uri);
    const client = new MongoClient(mongodb.uri, timeoutInUri ? {} : { serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS });
    const dbName = mongodb.dbName ?? client.db().databaseName;
    const shared = (keyPrefix: string, rule: RateLimitRule): RateLimiterMongo =>
      new RateLimiterMongo({
        storeClient: client,
        dbName,
        tableName: RATE_LIMIT_COLLECTION,
        keyPrefix,
        points: rule.points,
        duration: rule.durationSec,
        // Indexes are created by prepare(), so a failure is logged like every other one.
        disableIndexesCreation: true,
        // A key already over its budget is refused from memory until its window ends: floods do not reach MongoDB.
        inMemoryBlockOnConsumed: rule.points + 1,
        insuranceLimiter: inMemory(keyPrefix, rule),
      });
    const perVisitor = shared(visitorKey, rules.visitor);
    return new RateLimits('mongodb', perVisitor, shared(ipKey, rules.ip), { client, limiter: perVisitor });
  }

  /** Create the shared collection's indexes (TTL and unique key); both limiters use the same collection. */
  async prepare(): Promise<void> {
    await this.mongo?.limiter.createIndexes();
  }

  /** Spend one point of the IP's budget (checked before the body is even read); 429 HttpError when empty. */
  async ip(ip: string): Promise<void> {
    await take(this.perIp, ip, 'ip');
  }

  /** Spend one point of the visitor's budget; 429 HttpError (with Retry-After) when empty. */
  async visitor(visitorId: string): Promise<void> {
    await take(this.perVisitor, visitorId, 'visitor');
  }

  async close(): Promise<void> {
    await this.mongo?.client.close();
  }
}

function inMemory(keyPrefix: string, rule: RateLimitRule): RateLimiterMemory {
  return new RateLimiterMemory({ keyPrefix, points: rule.points, duration: rule.durationSec });
}

async function take(limiter: RateLimiterAbstract, key: string, scope: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retryAfterSec = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw new HttpError(429, 'rate_limited', `Too many requests for this ${scope}; retry in ${retryAfterSec} s.`, { scope, retryAfterSec }, {
      'retry-after': String(retryAfterSec),
    });
  }
}
