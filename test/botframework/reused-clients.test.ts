/**
 * The Bot Framework clients CloudAdapter asks for on every activity are made once per app id,
 * audience and serviceUrl and reused; the cache is bounded and a client that failed to be made is
 * made again.
 */
import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import { ConnectorFactory, type AuthenticateRequestResult, type ConnectorClient } from 'botframework-connector';
import { describe, expect, it } from 'vitest';
import { MAX_REUSED_CLIENTS, ReusedClientsAuthentication } from '../../adapters/botframework/reused-clients.js';

/** Where a client sends (protected in the typings). */
const baseUriOf = (client: ConnectorClient): string | undefined => (client as unknown as { baseUri?: string }).baseUri;

const activity = (serviceUrl: string): Activity => ({ type: 'message', channelId: 'emulator', serviceUrl, from: { id: 'v' }, recipient: { id: 'bot' }, conversation: { id: 'c' } }) as Activity;

async function connectorFor(auth: ReusedClientsAuthentication, serviceUrl: string): Promise<ConnectorClient> {
  const result = await auth.authenticateRequest(activity(serviceUrl), '');
  return result.connectorFactory!.create(serviceUrl, result.audience);
}

describe('ReusedClientsAuthentication', () => {
  it('gives the same connector client to every activity of one serviceUrl, and another to another serviceUrl', async () => {
    const auth = new ReusedClientsAuthentication(new ConfigurationBotFrameworkAuthentication({}));
    const first = await connectorFor(auth, 'http://127.0.0.1:1/a');
    expect(await connectorFor(auth, 'http://127.0.0.1:1/a')).toBe(first);
    const other = await connectorFor(auth, 'http://127.0.0.1:1/b');
    expect(other).not.toBe(first);
    expect(baseUriOf(other)).toBe('http://127.0.0.1:1/b');
    // Proactive messages go through createConnectorFactory: same cache.
    const identity = (await auth.authenticateRequest(activity('http://127.0.0.1:1/a'), '')).claimsIdentity;
    expect(await auth.createConnectorFactory(identity).create('http://127.0.0.1:1/a', (await auth.authenticateRequest(activity('x'), '')).audience)).toBe(first);
  });

  it('reuses the user token client of an app id', async () => {
    const auth = new ReusedClientsAuthentication(new ConfigurationBotFrameworkAuthentication({}));
    const { claimsIdentity } = await auth.authenticateRequest(activity('http://127.0.0.1:1/a'), '');
    const client = await auth.createUserTokenClient(claimsIdentity);
    expect(await auth.createUserTokenClient(claimsIdentity)).toBe(client);
  });

  it(`keeps at most ${MAX_REUSED_CLIENTS} connector clients, dropping the least recently used`, async () => {
    const auth = new ReusedClientsAuthentication(new ConfigurationBotFrameworkAuthentication({}));
    const first = await connectorFor(auth, 'http://127.0.0.1:1/0');
    for (let i = 1; i <= MAX_REUSED_CLIENTS; i++) await connectorFor(auth, `http://127.0.0.1:1/${i}`);
    const again = await connectorFor(auth, 'http://127.0.0.1:1/0');
    expect(again).not.toBe(first);
    expect(baseUriOf(again)).toBe('http://127.0.0.1:1/0');
    // The most recent ones are still shared.
    expect(await connectorFor(auth, `http://127.0.0.1:1/${MAX_REUSED_CLIENTS}`)).toBe(await connectorFor(auth, `http://127.0.0.1:1/${MAX_REUSED_CLIENTS}`));
  });

  it('makes a client again after it failed to be made', async () => {
    let calls = 0;
    const inner = new ConfigurationBotFrameworkAuthentication({});
    const failingOnce = Object.assign(Object.create(Object.getPrototypeOf(inner) as object) as ConfigurationBotFrameworkAuthentication, inner, {
      async authenticateRequest(a: Activity, header: string): Promise<AuthenticateRequestResult> {
        const result = await inner.authenticateRequest(a, header);
        const factory = result.connectorFactory!;
        return {
          ...result,
          connectorFactory: new (class extends ConnectorFactory {
            create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
              calls += 1;
              return calls === 1 ? Promise.reject(new Error('no credentials yet')) : factory.create(serviceUrl, audience);
            }
          })(),
        };
      },
    });
    const auth = new ReusedClientsAuthentication(failingOnce);
    await expect(connectorFor(auth, 'http://127.0.0.1:1/a')).rejects.toThrow('no credentials yet');
    const client = await connectorFor(auth, 'http://127.0.0.1:1/a');
    expect(baseUriOf(client)).toBe('http://127.0.0.1:1/a');
    expect(await connectorFor(auth, 'http://127.0.0.1:1/a')).toBe(client);
    expect(calls).toBe(2);
  });
});
