/** Starts test/support/app-process.ts in a child process and resolves with its URL once it serves. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SpawnedApp {
  child: ChildProcess;
  url: string;
  /** Resolves with the signal that ended the process (null for a normal exit). */
  exited: Promise<NodeJS.Signals | null>;
  /** SIGKILL unless it already ended; resolves once it has. */
  kill(): Promise<void>;
}

export async function spawnApp(dataDir: string, slackApiUrl: string, env: Record<string, string> = {}): Promise<SpawnedApp> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'app-process.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir, slackApiUrl], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening (\S+)/.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      void exited.then(() => reject(new Error(`the app process exited before serving: ${stderr}`)));
    });
    return { child, url, exited, kill };
  } catch (err) {
    await kill();
    throw err;
  }
}
