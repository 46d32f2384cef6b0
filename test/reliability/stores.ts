/**
 * The two stores every fault runs on: the embedded SQLite store in DATA_DIR, and MongoDB through
 * a FerretDB this suite starts (and can stop). Without a FerretDB binary the MongoDB runs fail in
 * CI and are skipped, with the reason printed, on a developer machine — as the `mongodb` project.
 */
import { openStore } from '../../data/open-store.js';
import type { Store } from '../../core/ports/store.js';
import { FERRETDB_BINARY, ferretDbBuilt } from '../support/ferretdb-server.js';
import { databaseFor } from '../support/test-store.js';

export type StoreKind = 'embedded' | 'mongodb';

export function storesToTest(): StoreKind[] {
  if (ferretDbBuilt()) return ['embedded', 'mongodb'];
  const reason = `no FerretDB binary at ${FERRETDB_BINARY} (run tools/ferretdb/build.sh)`;
  if (process.env.CI || process.env.LEADQ_REQUIRE_MONGODB) throw new Error(`The MongoDB reliability runs cannot run: ${reason}`);
  console.warn(`[reliability] MongoDB runs skipped: ${reason}`);
  return ['embedded'];
}

/** The app's store opened from the test process (SQLite allows several processes on one file). */
export function openTestStore(dataDir: string, mongodbUri: string | undefined): Promise<Store> {
  return openStore(mongodbUri ? { mongodbUri, dbName: databaseFor(dataDir), dataDir } : { dataDir });
}
