/** Forks bench/e2e/server.ts and talks to it over IPC (see protocol.ts). */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../support/build.js';
import type { ServerKind, ServerReply, ServerRequest } from './protocol.js';

export interface ServerProcess {
  url: string;
  readyMs: number;
  stats(): Promise<{ rssMb: number; cpuMs: number }>;
  stateBytes(keys: string[]): Promise<number>;
  /** Asks the child to exit (so a CPU profile is written); SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/** server.ts as the build compiles it (tsconfig.build.json): the servers run as `npm start` runs leadq, without tsx. */
const SCRIPT = path.join(REPO_ROOT, 'dist/bench/e2e/server.js');

/** Call buildServer() first. With cpuProfileDir, every thread of the child writes a profile under `<dir>/<kind>/`. */
export async function startServer(kind: ServerKind, dataDir: string, options: { cpuProfileDir?: string } = {}): Promise<ServerProcess> {
  const execArgv = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(options.cpuProfileDir, kind)}`] : [];
  const child = fork(SCRIPT, [kind, dataDir], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = <T extends ServerReply['type']>(type: T): Promise<Extract<ServerReply, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (reply: ServerReply): void => {
        if (reply.type !== type) return;
        child.off('message', onMessage);
        resolve(reply as Extract<ServerReply, { type: T }>);
      };
      child.on('message', onMessage);
      void exited.then(() => reject(new Error(`the ${kind} server exited (code ${child.exitCode})`)));
    });
  const ask = (request: ServerRequest): void => void child.send(request);
  const ready = await next('ready');
  return {
    url: ready.url,
    readyMs: ready.readyMs,
    stats: async () => {
      ask({ type: 'stats' });
      const { rssMb, cpuMs } = await next('stats');
      return { rssMb, cpuMs };
    },
    stateBytes: async (keys) => {
      ask({ type: 'stateBytes', keys });
      return (await next('stateBytes')).bytes;
    },
    stop: () => stopChild(child, exited, () => ask({ type: 'stop' })),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<void>, askToStop: () => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  askToStop();
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
