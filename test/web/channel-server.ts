/**
 * Starts a real restify server on 127.0.0.1:0 with the web channel and the demo site mounted,
 * as the composition root will, over the embedded store in a temporary directory (removed on
 * close). Used by the HTTP tests, the browser tests and the bench.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import restify from 'restify';
import { mountDemoSite } from '../../adapters/web/demo-site.js';
import { loadWebChannelConfig, parseWebChannelConfig, type WebChannelConfig } from '../../adapters/web/config.js';
import { mountWebChannel, type WebChannelDeps } from '../../adapters/web/web-channel.js';
import type { Store } from '../../core/ports/store.js';
import { openStore } from '../../data/open-store.js';
import { TestQualificationBot } from './test-bot.js';

export interface ChannelServer {
  baseUrl: string;
  store: Store;
  config: WebChannelConfig;
  close(): Promise<void>;
}

export interface ChannelServerOptions {
  bot?: WebChannelDeps['bot'];
  /** Default: a fresh embedded store (closed and deleted with the server). */
  store?: Store;
  /** Merged over config/widget.yaml (top-level keys replaced). */
  config?: Partial<WebChannelConfig>;
  onBehaviour?: WebChannelDeps['onBehaviour'];
}

export async function startChannelServer(options: ChannelServerOptions = {}): Promise<ChannelServer> {
  const base = await loadWebChannelConfig('config/widget.yaml');
  const config = parseWebChannelConfig({ ...base, ...options.config });
  const dataDir = options.store ? undefined : await mkdtemp(path.join(os.tmpdir(), 'leadq-web-'));
  const store = options.store ?? (await openStore({ dataDir: dataDir! }));
  const server = restify.createServer({ name: 'leadq-web-test' });
  const channel = mountWebChannel(server, { bot: options.bot ?? new TestQualificationBot(), store, config, onBehaviour: options.onBehaviour });
  mountDemoSite(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    store,
    config,
    async close() {
      await channel.close();
      server.server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (dataDir) {
        await store.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}
