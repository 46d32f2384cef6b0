/** The production build the benches measure: `npm start` runs it, not TypeScript under tsx (about 50 MB more RSS). */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds the server unless the build is current, as `npm start` does before it starts it. */
export function buildServer(): void {
  const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'tools/start.mjs'), '--build-only'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`build failed with ${build.status}`);
}
