/**
 * Upgrade from the store leadq used before SQLite: one append-only log per collection,
 * `<collection>.log`, one EJSON record per line — `{"p": doc}` puts the whole document,
 * `{"d": id}` deletes it — replayed in order (a torn last line was an interrupted write).
 *
 * On start, each such log of a known collection is replayed and written into SQLite in one
 * transaction that also records the file in `leadq_imports`; the file is then renamed
 * `<collection>.log.imported` and kept. Interrupted anywhere, the next start finishes the job:
 * before the commit nothing was written, after it the record says the file is done (only the
 * rename is left), and a document put twice is the same document.
 */
import { readdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Doc } from '../collection.js';
import { parseEjson } from '../ejson.js';
import { DataDirLockedError } from '../errors.js';
import type { StoreLogger } from '../store-logger.js';
import type { SqliteDatabase } from './sqlite-database.js';

const LOG_SUFFIX = '.log';
export const IMPORTED_SUFFIX = '.imported';
/** The old store kept its lock directory's mtime fresh every second while it ran. */
const OLD_LOCK_DIR = 'leadq.lock';
const OLD_LOCK_FRESH_MS = 10_000;

export interface ImportedLog {
  collection: string;
  documents: number;
  /** False when an earlier, interrupted start had already imported it (only the rename was left). */
  imported: boolean;
}

export async function importAppendLogs(database: SqliteDatabase, logger?: StoreLogger): Promise<ImportedLog[]> {
  const files = (await readdir(database.dataDir)).filter((file) => file.endsWith(LOG_SUFFIX)).sort();
  if (files.length === 0) return [];
  await refuseWhileOldStoreRuns(database.dataDir);
  const done: ImportedLog[] = [];
  for (const file of files) {
    const collection = file.slice(0, -LOG_SUFFIX.length);
    if (!database.collectionNames.includes(collection)) {
      logger?.warn({ file }, 'not importing a log of an unknown collection');
      continue;
    }
    const full = path.join(database.dataDir, file);
    const docs = replay(await readFile(full), full, logger);
    const imported = await database.tx.write(() => {
      if (database.db.prepare('SELECT 1 FROM leadq_imports WHERE file = ?').get(file)) return false;
      const target = database.collectionSync<Doc>(collection);
      for (const doc of docs.values()) target.putSync(doc);
      database.db.prepare('INSERT INTO leadq_imports (file, documents, at) VALUES (?, ?, ?)').run(file, docs.size, new Date().toISOString());
      return true;
    });
    await rename(full, full + IMPORTED_SUFFIX);
    logger?.info({ file, documents: docs.size, imported }, 'imported a collection of the previous embedded store');
    done.push({ collection, documents: docs.size, imported });
  }
  return done;
}

/** The live documents of a log: puts and deletes applied in order. */
export function replay(content: Buffer, file: string, logger?: StoreLogger): Map<string, Doc> {
  const docs = new Map<string, Doc>();
  let start = 0;
  while (start < content.length) {
    const end = content.indexOf(0x0a, start);
    const record = end === -1 ? undefined : parseRecord(content.subarray(start, end).toString('utf8'));
    if (record === undefined) {
      if (end !== -1 && content.indexOf(0x0a, end + 1) !== -1) throw new Error(`${file}: corrupt record at byte ${start}; not importing it (restore it from a backup)`);
      logger?.warn({ file, bytes: content.length - start }, 'ignoring a torn last record (interrupted write)');
      break;
    }
    if ('p' in record) docs.set(record.p._id, record.p);
    else docs.delete(record.d);
    start = end + 1;
  }
  return docs;
}

function parseRecord(line: string): { p: Doc } | { d: string } | undefined {
  try {
    const record = parseEjson(line) as { p?: { _id?: unknown }; d?: unknown } | null;
    if (record?.p && typeof record.p === 'object' && typeof record.p._id === 'string') return { p: record.p as Doc };
    if (typeof record?.d === 'string') return { d: record.d };
  } catch {
    // not a complete record
  }
  return undefined;
}

async function refuseWhileOldStoreRuns(dataDir: string): Promise<void> {
  const lock = await stat(path.join(dataDir, OLD_LOCK_DIR)).catch(() => null);
  if (lock && Date.now() - lock.mtimeMs < OLD_LOCK_FRESH_MS) {
    throw new DataDirLockedError(dataDir, 'an older leadq still runs on it: stop it, then start this version to import its data');
  }
}
