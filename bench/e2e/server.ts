/**
 * The server side of `npm run bench`, in a process of its own so it does not share an event loop
 * with the load generator. `server.ts <kind> <dataDir>` where kind is:
 * - `qualification`: the real app (`createApp`), embedded store in dataDir;
 * - `echo`: the same restify server, body reading, activity validation and CloudAdapter
 *   (expectReplies) with a bot that echoes the text — the framework's own floor;
 * - `bare`: a restify route that reads the JSON body and answers one activity — the HTTP floor.
 * Talks to the parent over IPC: sends `{type:'ready', url, readyMs}`, answers `stats` and
 * `stateBytes` requests. The build compiles it (tsconfig.build.json) and the bench runs
 * `dist/bench/e2e/server.js` with plain node, as `npm start` runs leadq.
 */
// As bot/main.ts: the floors run under the same heap settings, applied before anything loads.
import '../../bot/heap-limits-first.js';
import '../../core/quiet.js';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import type { Server } from 'restify';
import { readJsonObject } from '../../adapters/http/body.js';
import { createHttpServer, LISTEN_BACKLOG } from '../../adapters/http/server.js';
import { createBotFrameworkAdapter } from '../../adapters/botframework/messages-endpoint.js';
import { validateActivity } from '../../adapters/botframework/activity-validation.js';
import { createLogger } from '../../core/log.js';
import type { VersionedStore } from '../../core/ports/versioned-store.js';
import { releaseYoungGeneration } from '../../bot/heap-growth.js';
import type { ServerRequest, ServerReply } from './protocol.js';

const [kind, dataDir] = process.argv.slice(2);
if (!process.send) throw new Error('bench/e2e/server runs as a forked child (IPC channel)');
const send = (reply: ServerReply): void => void process.send!(reply);

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', LISTEN_BACKLOG, resolve));
  return server.url.replace('[::]', '127.0.0.1');
}

async function start(): Promise<{ url: string; state?: VersionedStore }> {
  if (kind === 'qualification') {
    if (!dataDir) throw new Error('usage: server.ts qualification <dataDir>');
    const { createApp } = await import('../../bot/app.js');
    const { loadConfig } = await import('../../bot/config.js');
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      WATCH_FILES: 'false',
      // One loopback IP carries every simulated visitor: the per-IP budgets would refuse them.
      WIDGET_CONFIG: path.join(dataDir, 'widget.yaml'),
      BOT_RATE_LIMIT_IP: '999999999/1',
      BOT_RATE_LIMIT_CONVERSATION: '999999999/1',
      // Likewise the cap on open event streams per IP.
      WEB_STREAMS_PER_IP: '1000000',
      // `SQLITE_SYNCHRONOUS=normal npm run bench` measures the store without an fsync per commit.
      ...(process.env.SQLITE_SYNCHRONOUS && { SQLITE_SYNCHRONOUS: process.env.SQLITE_SYNCHRONOUS }),
    });
    const app = await createApp(config);
    return { url: await app.listen(0, '127.0.0.1'), state: app.store.conversations };
  }
  const server = createHttpServer();
  if (kind === 'echo') {
    // botbuilder's own path only: body, activity validation, CloudAdapter (no rate limits, no conversation ownership).
    const adapter = createBotFrameworkAdapter({}, createLogger('bench-echo'), { turnFailedReply: () => ({ type: 'message', text: 'echo failed' }) });
    server.post('/api/messages', async (req, res) => {
      const activity = validateActivity(await readJsonObject(req, 64 * 1024));
      const invoke = await adapter.handle('', activity, async (context) => {
        await context.sendActivity({ type: 'message', text: `echo: ${context.activity.text ?? ''}`, inputHint: 'expectingInput' });
      });
      res.status(invoke?.status ?? 200);
      res.json(invoke?.body);
    });
  } else if (kind === 'bare') {
    server.post('/api/messages', async (req, res) => {
      const activity = await readJsonObject(req, 64 * 1024);
      res.json({ activities: [{ type: 'message', text: `echo: ${String(activity.text ?? '')}`, inputHint: 'expectingInput' }] });
    });
  } else {
    throw new Error(`unknown server kind "${kind}" (qualification, echo or bare)`);
  }
  return { url: await listen(server) };
}

const { url, state } = await start();
releaseYoungGeneration();
send({ type: 'ready', url, readyMs: Math.round(performance.now()) });

process.on('message', (request: ServerRequest) => {
  void (async () => {
    if (request.type === 'stats') {
      const cpu = process.cpuUsage();
      send({ type: 'stats', rssMb: Math.round(process.memoryUsage().rss / 2 ** 20), cpuMs: (cpu.user + cpu.system) / 1000 });
    } else if (request.type === 'stateBytes') {
      let bytes = 0;
      for (const key of request.keys) {
        const stored = await state?.read(key);
        if (stored) bytes += Buffer.byteLength(JSON.stringify(stored.value));
      }
      send({ type: 'stateBytes', bytes });
    } else if (request.type === 'stop') {
      // Exit normally so --cpu-prof writes its profile.
      process.exit(0);
    }
  })();
});
