/**
 * `npm run bench [name…]`: runs every `bench/*.bench.ts` (or the named ones). Each bench writes
 * its own results file under bench/results/ and returns a summary printed here.
 */
import '../core/quiet.js';
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const dir = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort();
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default: () => Promise<unknown> };
  console.log(`== ${name}`);
  console.log(JSON.stringify(await mod.default(), null, 2));
}
