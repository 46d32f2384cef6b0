/** `leadq migrate --to <MONGODB_URI>`: the embedded store (DATA_DIR) copied into MongoDB, with a progress bar and counts. */
import type { Writable } from 'node:stream';
import { SingleBar } from 'cli-progress';
import { DataDirLockedError, StoreUnavailableError } from '../../data/errors.js';
import { migrateStore } from '../../data/migrate.js';
import { MongoDatabase } from '../../data/mongodb/mongo-database.js';
import { openDatabase } from '../../data/open-store.js';

export interface MigrateOptions {
  dataDir: string;
  to: string;
  dbName?: string;
}

/** Exit code: 0 when everything is in MongoDB, 1 otherwise (one line on `err` saying why). */
export async function runMigrate(options: MigrateOptions, out: Writable, err: Writable & { isTTY?: boolean }): Promise<number> {
  const source = await openDatabase({ dataDir: options.dataDir }).catch((error: unknown) => error as Error);
  if (source instanceof Error) return fail(err, source instanceof DataDirLockedError ? `${source.message}; stop leadq first` : `cannot open DATA_DIR ${options.dataDir}: ${source.message}`);
  try {
    const target = await MongoDatabase.connect(options.to, options.dbName).catch((error: unknown) => error as Error);
    if (target instanceof Error) return fail(err, target instanceof StoreUnavailableError ? target.message : `MONGODB_URI: ${target.message}`);
    const bar = new SingleBar({ stream: err, format: 'migrating {bar} {percentage}% | {value}/{total} documents | {collection}', hideCursor: true });
    try {
      const counts = await migrateStore(source, target, {
        start: (total) => bar.start(total, 0, { collection: '' }),
        advance: (done, collection) => bar.increment(done, { collection }),
      });
      bar.stop();
      for (const { collection, copied, present } of counts) out.write(`${collection}: ${copied} copied, ${present} already in MongoDB\n`);
      const copied = counts.reduce((sum, c) => sum + c.copied, 0);
      out.write(`done: ${copied} documents copied from ${options.dataDir} to ${target.db.databaseName}\n`);
      return 0;
    } finally {
      bar.stop();
      await target.close();
    }
  } finally {
    await source.close();
  }
}

function fail(err: Writable, message: string): number {
  err.write(`leadq migrate: ${message}\n`);
  return 1;
}
