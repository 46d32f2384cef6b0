/**
 * Global set-up of the `reliability` project: the seed of every random fault moment (printed, and
 * taken from LEADQ_RELIABILITY_SEED to replay a run), a directory for the rows each test records,
 * and at the end the table of faults, printed — and written to bench/results/reliability.md when
 * run as `npm run test:reliability` (not on every `npm test`, which would leave the file changed).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { markdownTable, readRows } from './fault-table.js';

declare module 'vitest' {
  export interface ProvidedContext {
    reliabilitySeed: number;
    reliabilityRowsDir: string;
  }
}

const RESULTS_FILE = fileURLToPath(new URL('../../bench/results/reliability.md', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.LEADQ_RELIABILITY_SEED?.trim();
  const seed = given ? Number(given) : Math.floor(Math.random() * 2 ** 31);
  if (!Number.isSafeInteger(seed)) throw new Error(`LEADQ_RELIABILITY_SEED must be an integer, got "${given}"`);
  const rowsDir = await mkdtemp(path.join(os.tmpdir(), 'reliability-rows-'));
  project.provide('reliabilitySeed', seed);
  project.provide('reliabilityRowsDir', rowsDir);
  console.info(`[reliability] seed ${seed} (replay with LEADQ_RELIABILITY_SEED=${seed})`);
  return async () => {
    const rows = await readRows(rowsDir);
    await rm(rowsDir, { recursive: true, force: true });
    if (rows.length === 0) return;
    const table = markdownTable(rows);
    console.info(`\n[reliability] faults injected (seed ${seed}):\n\n${table}\n`);
    if (process.env.npm_lifecycle_event !== 'test:reliability') return;
    const body = [
      '# Reliability: faults injected',
      '',
      `\`npm run test:reliability\`, seed ${seed}, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores (load average ${os.loadavg()[0]!.toFixed(1)}).`,
      'Lost and duplicated must be 0; the suite fails otherwise. What each fault means: docs/production.md, "When things fail".',
      '',
      table,
      '',
    ].join('\n');
    await writeFile(RESULTS_FILE, body);
  };
}
