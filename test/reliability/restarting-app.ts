/**
 * The real app in a child process that a test kills with SIGKILL at chosen moments and starts
 * again on the same data (DATA_DIR, or its MongoDB database), as a supervisor would.
 */
import { spawnApp, type SpawnedApp } from '../support/spawn-app.js';

export class RestartingApp {
  /** The signal that ended each killed process (SIGKILL when the kill really happened). */
  readonly endings: (NodeJS.Signals | null)[] = [];
  private restarting: Promise<void> | undefined;

  private constructor(
    private app: SpawnedApp,
    private readonly start: () => Promise<SpawnedApp>,
  ) {}

  static async spawn(dataDir: string, slackApiUrl: string, env: Record<string, string>): Promise<RestartingApp> {
    const start = () => spawnApp(dataDir, slackApiUrl, env);
    return new RestartingApp(await start(), start);
  }

  /** The serving URL, once any restart under way is done (each start gets a new port). */
  readonly url = async (): Promise<string> => {
    await this.restarting;
    return this.app.url;
  };

  get isRestarting(): boolean {
    return this.restarting !== undefined;
  }

  /** SIGKILL now, then start again; resolves once the new process serves. */
  killAndRestart(): Promise<void> {
    this.restarting ??= (async () => {
      const killed = this.app;
      killed.child.kill('SIGKILL');
      this.endings.push(await killed.exited);
      this.app = await this.start();
    })().finally(() => (this.restarting = undefined));
    return this.restarting;
  }

  async stop(): Promise<void> {
    await this.restarting?.catch(() => undefined);
    await this.app.kill();
  }
}
