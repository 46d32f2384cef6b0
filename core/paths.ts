/**
 * The project root, found from this module whether it runs from sources (tsx, vitest) or from
 * dist/ (npm start): scripts, config and shipped models are resolved against it, not the cwd.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && !dir.endsWith(`${path.sep}dist`)) return dir;
    if (path.dirname(dir) === dir) throw new Error(`package.json not found above ${start}`);
  }
}

export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

export const fromRoot = (...segments: string[]): string => path.join(PROJECT_ROOT, ...segments);
