/**
 * Per-visitor and per-IP flood protection (rate-limiter-flexible). Both budgets must have room;
 * a flooding visitor exhausts only its own budget, so other visitors keep chatting.
 * In-memory: with several replicas each process enforces its share (swap in RateLimiterMongo
 * to share budgets).
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { WebChannelConfig } from './config.js';
import { HttpError } from './http-io.js';

export class RateLimits {
  private readonly perVisitor: RateLimiterMemory;
  private readonly perIp: RateLimiterMemory;

  constructor(rules: WebChannelConfig['rateLimits']) {
    this.perVisitor = new RateLimiterMemory({ keyPrefix: 'web-visitor', points: rules.visitor.points, duration: rules.visitor.durationSec });
    this.perIp = new RateLimiterMemory({ keyPrefix: 'web-ip', points: rules.ip.points, duration: rules.ip.durationSec });
  }

  /** Spend one point of the IP's budget (checked before the body is even read); 429 HttpError when empty. */
  async ip(ip: string): Promise<void> {
    await take(this.perIp, ip, 'ip');
  }

  /** Spend one point of the visitor's budget; 429 HttpError (with Retry-After) when empty. */
  async visitor(visitorId: string): Promise<void> {
    await take(this.perVisitor, visitorId, 'visitor');
  }
}

async function take(limiter: RateLimiterMemory, key: string, scope: string): Promise<void> {
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
