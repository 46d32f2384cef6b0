/**
 * Starts the real app (restify on 127.0.0.1:0) for end-to-end tests, on the test project's store:
 * the embedded store in a temp dir, or (in the `mongodb` project) a database named after that dir.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App, type AppOverrides } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';
import { dropTestDatabase, storeEnv, testMongoUri } from './test-store.js';

export const ADMIN_TOKEN = 'test-admin-token-1234567890';

export interface RunningApp {
  app: App;
  url: string;
  dataDir: string;
  /** Stop the server (the data dir stays, for restart tests). */
  stop(): Promise<void>;
  /** Stop and delete the data dir. */
  dispose(): Promise<void>;
  admin(pathAndQuery: string): Promise<Response>;
}

export async function startApp(options: { dataDir?: string; env?: Record<string, string>; overrides?: AppOverrides } = {}): Promise<RunningApp> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'leadq-e2e-')));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_TOKEN,
    WATCH_FILES: 'false',
    NODE_ENV: 'test',
    // Every test client comes from 127.0.0.1: the per-IP budget would throttle suites, not attackers.
    BOT_RATE_LIMIT_IP: '100000/1',
    ...storeEnv(dataDir),
    ...options.env,
  });
  const app = await createApp(config, options.overrides);
  const expected = config.mongodbUri ? 'mongodb' : 'embedded';
  if (app.store.kind !== expected || (testMongoUri() && !config.mongodbUri)) throw new Error(`test app runs on the ${app.store.kind} store, not the test project's`);
  const url = await app.listen(0, '127.0.0.1');
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await app.close();
  };
  return {
    app,
    url,
    dataDir,
    stop,
    dispose: async () => {
      await stop();
      await dropTestDatabase(dataDir);
      await rm(dataDir, { recursive: true, force: true });
    },
    admin: (pathAndQuery) => fetch(`${url}${pathAndQuery}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
  };
}
