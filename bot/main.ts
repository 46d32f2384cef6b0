/**
 * `npm start` / `leadq start`: the bot, every channel, and the demo site on one port.
 */
import './heap-limits-first.js';
import '../core/quiet.js';
import { StoreUnavailableError } from '../data/errors.js';
import { createApp } from './app.js';
import { releaseYoungGeneration } from './heap-growth.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from '../core/log.js';

const log = createLogger('main');

export async function start(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  const url = await app.listen();
  releaseYoungGeneration();
  log.info({ url, store: app.store.kind, scripts: config.scriptsDir }, `leadq listening on ${url} — demo site at ${url}/`);
  if (!config.adminToken) log.warn('ADMIN_TOKEN is not set: the admin API (/api/leads) answers 401');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** start(), with a setting the operator must fix told in one line, not a stack trace; exit code 1 on failure. */
export async function run(): Promise<void> {
  try {
    await start();
  } catch (err: unknown) {
    if (err instanceof ConfigError || err instanceof StoreUnavailableError) process.stderr.write(`leadq: ${err.message}\n`);
    else log.fatal({ err }, 'leadq failed to start');
    process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) void run();
