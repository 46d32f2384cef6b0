/**
 * `npm run bench [options]`: the end-to-end bench (bench/e2e, options in bench/README.md).
 * `npm run bench -- <name…>`: the named sub-benches (`bench/<name>.bench.ts`, e.g. `store`, `nlu`),
 * each writing its own results file under bench/results/ and returning a summary printed here.
 */
import '../core/quiet.js';
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { parseOptions, runEndToEnd } from './e2e/index.js';

const dir = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const names = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')).sort();
const wanted = args.filter((arg) => names.includes(arg) || arg === 'all');

if (wanted.length === 0) {
  await runEndToEnd(parseOptions(args));
} else {
  for (const name of names) {
    if (!wanted.includes(name) && !wanted.includes('all')) continue;
    const mod = (await import(pathToFileURL(path.join(dir, `${name}.bench.ts`)).href)) as { default: () => Promise<unknown> };
    console.log(`== ${name}`);
    console.log(JSON.stringify(await mod.default(), null, 2));
  }
}
