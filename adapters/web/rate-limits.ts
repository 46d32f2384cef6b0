/**
 * Per-visitor and per-IP flood protection (rate-limiter-flexible). Both budgets must have room;
 * a flooding visitor exhausts only its own budget, so other visitors keep chatting.
 * On MongoDB the budgets live in one collection shared by every bot process (RateLimiterMongo),
 * with an in-memory limiter as insurance while MongoDB cannot be reached (budgets are then per
 * process); on the embedded store (one process by construction) they live in memory.
 * Open event streams are capped per IP too: a concurrency cap, counted by the process that holds
 * the connections.
 */
import { createRequire } from 'node:module';
import type * as MongoDriver from 'mongodb';
import type { MongoClient } from 'mongodb';
import retry from 'retry';
import { RateLimiterMemory, RateLimiterMongo, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { createLogger } from '../../core/log.js';
import type { Store } from '../../core/ports/store.js';
import type { RateLimitRule, WebChannelConfig } from './config.js';
import { HttpError } from './http-io.js';

const log = createLogger('web');
// The driver is loaded only for shared (MongoDB) budgets: an embedded-store process never pays for it.
const require = createRequire(import.meta.url);

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
    private readonly streams: StreamCap,
    private readonly connection?: SharedConnection,
  ) {}

  /**
   * Shared budgets when the store is MongoDB (and its URI is given), in-memory ones otherwise.
   * The MongoDB connection is made in the background; until it is up the insurance limiters answer.
   */
  static create(rules: WebChannelConfig['rateLimits'], storeKind: Store['kind'], mongodb?: MongoTarget, streamsPerIp = DEFAULT_STREAMS_PER_IP): RateLimits {
    const streams = new StreamCap(streamsPerIp);
    const visitorKey = 'web-visitor';
    const ipKey = 'web-ip';
    if (storeKind !== 'mongodb' || !mongodb) {
      if (storeKind === 'mongodb') log.warn('web rate limits: the store is MongoDB but no URI was given to the web channel; budgets are per process');
      return new RateLimits('memory', inMemory(visitorKey, rules.visitor), inMemory(ipKey, rules.ip), streams);
    }
    const connection = new SharedConnection(mongodb);
    const shared = (keyPrefix: string, rule: RateLimitRule): RateLimiterMongo =>
      new RateLimiterMongo({
        // A promise: the limiter starts using the client when it resolves.
        storeClient: connection.client,
        dbName: connection.dbName,
        tableName: RATE_LIMIT_COLLECTION,
        keyPrefix,
        points: rule.points,
        duration: rule.durationSec,
        // SharedConnection creates them, so a failure is logged like every other one.
        disableIndexesCreation: true,
        // A key already over its budget is refused from memory until its window ends: floods do not reach MongoDB.
        inMemoryBlockOnConsumed: rule.points + 1,
        insuranceLimiter: inMemory(keyPrefix, rule),
      });
    return new RateLimits('mongodb', shared(visitorKey, rules.visitor), shared(ipKey, rules.ip), streams, connection);
  }

  /** Spend one point of the IP's budget (checked before the body is even read); 429 HttpError when empty. */
  async ip(ip: string): Promise<void> {
    await take(this.perIp, ip, 'ip');
  }

  /** Spend one point of the visitor's budget; 429 HttpError (with Retry-After) when empty. */
  async visitor(visitorId: string): Promise<void> {
    await take(this.perVisitor, visitorId, 'visitor');
  }

  /** Count one more open stream for the IP; 429 HttpError (with Retry-After) beyond the cap. Call the returned function once it closes. */
  openStream(ip: string): () => void {
    return this.streams.open(ip);
  }

  async close(): Promise<void> {
    await this.connection?.close();
  }
}

/** Open event streams allowed per IP when WEB_STREAMS_PER_IP is not set. */
export const DEFAULT_STREAMS_PER_IP = 20;
/** Streams end when visitors leave, at no known time: the refused client is told to try again after this. */
const STREAM_RETRY_AFTER_SEC = 30;

/** Open streams per IP in this process; an IP's entry goes when its last stream closes. */
class StreamCap {
  private readonly counts = new Map<string, number>();

  constructor(private readonly perIp: number) {}

  open(ip: string): () => void {
    const count = this.counts.get(ip) ?? 0;
    if (count >= this.perIp) {
      throw new HttpError(429, 'too_many_streams', `Too many open event streams from this address (${this.perIp} at most); close one or retry in ${STREAM_RETRY_AFTER_SEC} s.`, { scope: 'ip', maxStreams: this.perIp, retryAfterSec: STREAM_RETRY_AFTER_SEC }, {
        'retry-after': String(STREAM_RETRY_AFTER_SEC),
      });
    }
    this.counts.set(ip, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(ip) ?? 1) - 1;
      if (left > 0) this.counts.set(ip, left);
      else this.counts.delete(ip);
    };
  }
}

/**
 * The limiters' own MongoClient, connected with retries. A MongoClient whose first connection
 * failed stays unusable (its topology is closed), so every attempt uses a fresh client; once
 * connected, the driver rides out later outages by itself.
 */
class SharedConnection {
  readonly client: Promise<MongoClient>;
  readonly dbName: string;
  private readonly attempts = retry.operation({ forever: true, minTimeout: 1000, maxTimeout: 30_000, unref: true });
  private current: MongoClient | undefined;

  constructor(private readonly target: MongoTarget) {
    this.dbName = target.dbName ?? this.newClient().db().databaseName;
    // Never rejects: while it is pending the insurance limiters answer; after close() it stays pending.
    this.client = new Promise((resolve) => {
      this.attempts.attempt(async (attempt) => {
        const client = this.newClient();
        this.current = client;
        try {
          await client.connect();
          const collection = client.db(this.dbName).collection(RATE_LIMIT_COLLECTION);
          await collection.createIndex({ key: 1 }, { unique: true });
          await collection.createIndex({ expire: -1 }, { expireAfterSeconds: 0 }).catch((err: unknown) => {
            // FerretDB 1.x has no TTL index; the limiter replaces an expired budget in place anyway.
            if ((err as { codeName?: string }).codeName !== 'NotImplemented') throw err;
            log.info('web rate limits: the server has no TTL indexes; expired budgets are replaced, not removed');
          });
          resolve(client);
        } catch (err) {
          await client.close().catch(() => undefined);
          if (this.attempts.retry(err as Error)) log.warn({ err, attempt }, 'web rate limits: MongoDB not reachable yet; budgets are per process meanwhile');
        }
      });
    });
  }

  async close(): Promise<void> {
    this.attempts.stop();
    await this.current?.close();
  }

  private newClient(): MongoClient {
    const timeoutInUri = /[?&]serverSelectionTimeoutMS=/i.test(this.target.uri);
    const { MongoClient: Client } = require('mongodb') as typeof MongoDriver;
    return new Client(this.target.uri, timeoutInUri ? {} : { serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS });
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
