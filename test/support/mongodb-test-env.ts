/**
 * Set-up file of the `mongodb` test project: the server's URI, in the environment so that app
 * processes spawned by a test find it too (see test-store.ts).
 */
import { inject } from 'vitest';

process.env.LEADQ_TEST_MONGODB_URI = inject('mongodbUri');
