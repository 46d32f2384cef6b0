/** The store contract on a MongoDB-wire server: FerretDB started for the run, or MONGODB_URI (see vitest.config.ts). */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { MongoClient } from 'mongodb';
import { openStore } from '../../data/open-store.js';
import { testMongoUri } from '../support/test-store.js';
import { describeStoreContract } from './store-contract.js';

const uri = testMongoUri() as string;

describeStoreContract('mongodb', async () => {
  const dbName = `leadq_test_${randomBytes(6).toString('hex')}`;
  const store = await openStore({ mongodbUri: uri, dbName, dataDir: os.tmpdir() });
  return {
    store,
    dispose: async () => {
      await store.close();
      const client = await MongoClient.connect(uri);
      try {
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
});
