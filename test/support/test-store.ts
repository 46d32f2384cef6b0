/**
 * Which store the tests of this project run on: MongoDB when the `mongodb` project gave a server
 * (LEADQ_TEST_MONGODB_URI), the embedded store otherwise. On MongoDB every data dir gets a
 * database of its own, named after it, so a restarted app (same data dir) finds its data again
 * and test files running in parallel never share one.
 */
import { createHash } from 'node:crypto';
import { MongoClient } from 'mongodb';

export function testMongoUri(): string | undefined {
  return process.env.LEADQ_TEST_MONGODB_URI || undefined;
}

export function databaseFor(dataDir: string): string {
  return `leadq_test_${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
}

/** App environment selecting the test store for this data dir. */
export function storeEnv(dataDir: string): Record<string, string> {
  const uri = testMongoUri();
  return uri ? { MONGODB_URI: uri, MONGODB_DB: databaseFor(dataDir) } : {};
}

/** Drops the MongoDB database of this data dir (nothing to do on the embedded store). */
export async function dropTestDatabase(dataDir: string): Promise<void> {
  const uri = testMongoUri();
  if (!uri) return;
  const client = await MongoClient.connect(uri);
  try {
    await client.db(databaseFor(dataDir)).dropDatabase();
  } finally {
    await client.close();
  }
}
