/**
 * `npm start`: builds only when a compiled source, a tsconfig, the lock file or an NLU corpus is
 * newer than the last build, then starts the server in this process. A fresh clone builds once;
 * later starts skip npm, the TypeScript compiler and the training check (about 1.5–4 s).
 * `--build-only` stops after that check (benchmarks time the built server without a build).
 * Plain JavaScript, so it runs before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const buildMark = path.join(root, 'dist', '.tsbuildinfo');
// What `npm run build` reads (tsconfig.build.json; data/nlu corpora for the models). The widget and
// the console client are bundled at start, dialog scripts are read at start: none needs a build.
const SOURCE_DIRS = ['core', 'bot', 'dialogs', 'adapters', 'data'];
const ROOT_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
const NOT_BUILT = new Set(['widget', 'client', 'demo', 'public', 'scripts', 'schema', 'fixtures']);

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (NOT_BUILT.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.(ts|ya?ml)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsStale() {
  if (!existsSync(buildMark)) return true;
  const built = statSync(buildMark).mtimeMs;
  const newest = Math.max(...SOURCE_DIRS.map((dir) => newestSource(path.join(root, dir))), ...ROOT_FILES.map((file) => statSync(path.join(root, file)).mtimeMs));
  return newest > built;
}

if (buildIsStale()) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // tsc leaves its build info untouched when nothing compiled differs: mark this build as current.
  const now = new Date();
  utimesSync(buildMark, now, now);
}

if (process.argv.includes('--build-only')) process.exit(0);

const { run } = await import(pathToFileURL(path.join(root, 'dist', 'bot', 'main.js')).href);
await run();
