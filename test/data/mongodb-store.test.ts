/** The store contract on a real MongoDB (replica set or standalone), when MONGODB_URI is set. */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { MongoClient } from 'mongodb';
import { describe } from 'vitest';
import { openStore } from '../../data/open-store.js';
import { describeStoreContract } from './store-contract.js';

const uri = process.env.MONGODB_URI;

describe.runIf(Boolean(uri))('MongoDB (MONGODB_URI)', () => {
  describeStoreContract('mongodb', async () => {
    const dbName = `leadq_test_${randomBytes(6).toString('hex')}`;
    const store = await openStore({ mongodbUri: uri as string, dbName, dataDir: os.tmpdir() });
    return {
      store,
      dispose: async () => {
        await store.close();
        const client = await MongoClient.connect(uri as string);
        try {
          await client.db(dbName).dropDatabase();
        } finally {
          await client.close();
        }
      },
    };
  });
});
