/**
 * CloudAdapter builds a new ConnectorClient and UserTokenClient for every activity: an HTTP
 * pipeline of a dozen policies each time, about a tenth of a turn's CPU, even when the replies
 * go back in the response body (expectReplies) and neither client is used. These clients hold
 * only their credentials and endpoint, so they are reused: per bot app id, audience and
 * serviceUrl (as botbuilder's older BotFrameworkAdapter did). The serviceUrl comes from the
 * activity, so the cache is bounded.
 */
import {
  BotFrameworkAuthentication,
  ConnectorFactory,
  JwtTokenValidation,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { LRUCache } from 'lru-cache';

/** Distinct (app id, audience, serviceUrl) clients kept; the least recently used goes first. */
export const MAX_REUSED_CLIENTS = 200;

/** The cached promise for `key`, or `make()`'s, kept unless it fails (then it is made again next time). */
function reuse<T>(cache: LRUCache<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let made = cache.get(key);
  if (!made) {
    made = make();
    cache.set(key, made);
    made.catch(() => cache.delete(key));
  }
  return made;
}

const appIdOf = (identity: ClaimsIdentity | undefined): string => (identity ? (JwtTokenValidation.getAppIdFromClaims(identity.claims) ?? '') : '');

class ReusedConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly clients: LRUCache<string, Promise<ConnectorClient>>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return reuse(this.clients, JSON.stringify([this.appId, audience ?? null, serviceUrl]), () => this.inner.create(serviceUrl, audience));
  }
}

export class ReusedClientsAuthentication extends BotFrameworkAuthentication {
  private readonly connectorClients = new LRUCache<string, Promise<ConnectorClient>>({ max: MAX_REUSED_CLIENTS });
  private readonly userTokenClients = new LRUCache<string, Promise<UserTokenClient>>({ max: MAX_REUSED_CLIENTS });

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusing(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusing(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new ReusedConnectorFactory(this.inner.createConnectorFactory(claimsIdentity), appIdOf(claimsIdentity), this.connectorClients);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return reuse(this.userTokenClients, appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private reusing(result: AuthenticateRequestResult): AuthenticateRequestResult {
    const factory = result.connectorFactory;
    return factory ? { ...result, connectorFactory: new ReusedConnectorFactory(factory, appIdOf(result.claimsIdentity), this.connectorClients) } : result;
  }
}
