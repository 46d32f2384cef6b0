/**
 * The reliability suite's result table: one row per injected fault, counted from what the
 * visitors were told and what the store holds afterwards. Each test file records its rows into
 * the directory the global set-up provides; the set-up prints and saves the table at the end.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface FaultRow {
  /** Sort key, so the table reads in the same order at every run. */
  order: number;
  fault: string;
  /** How many times the fault was injected (kills, outages), and what it did. */
  injected: string;
  conversations: number;
  /** Leads the visitor was told about: the turn that captured the e-mail got its reply. */
  acknowledged: number;
  /** Leads found in the store afterwards (admin API), with every acknowledged answer. */
  stored: number;
  /** Acknowledged but not stored, or stored without an answer that was acknowledged. */
  lost: number;
  /** Leads (or alerts) beyond one per visitor. */
  duplicated: number;
}

export async function recordRow(dir: string, row: FaultRow): Promise<void> {
  await writeFile(path.join(dir, `${row.order}-${randomUUID()}.json`), JSON.stringify(row));
}

export async function readRows(dir: string): Promise<FaultRow[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.json'));
  const rows = await Promise.all(files.map(async (file) => JSON.parse(await readFile(path.join(dir, file), 'utf8')) as FaultRow));
  return rows.sort((a, b) => a.order - b.order);
}

export function markdownTable(rows: readonly FaultRow[]): string {
  const header = ['fault', 'injected', 'conversations', 'leads acknowledged', 'stored', 'lost', 'duplicated'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((h, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`];
  for (const row of rows) lines.push(`| ${[row.fault, row.injected, row.conversations, row.acknowledged, row.stored, row.lost, row.duplicated].join(' | ')} |`);
  return lines.join('\n');
}
