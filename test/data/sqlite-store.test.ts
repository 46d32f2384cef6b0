import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../data/open-store.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('sqlite (embedded)', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadq-store-'));
  const store = await openStore({ dataDir });
  return {
    store,
    dispose: async () => {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});
