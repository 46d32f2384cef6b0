import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { FERRETDB_BINARY, ferretDbBuilt } from './test/support/ferretdb-server.js';

/** Suites that run a second time with the store on a MongoDB-wire server, plus the MongoDB-only ones. */
const MONGODB_SUITES = ['test/**/*.mongodb.test.ts', 'test/e2e/**/*.test.ts', 'test/e2e-conversations/**/*.test.ts', 'test/e2e-slack/**/*.test.ts'];

/**
 * The `mongodb` project needs a server: MONGODB_URI, or the FerretDB that tools/ferretdb/build.sh
 * builds. Without either it fails the run in CI (CI or LEADQ_REQUIRE_MONGODB set) and is left out,
 * with the reason printed, on a developer machine.
 */
function mongodbProject(): TestProjectInlineConfiguration[] {
  if (!process.env.MONGODB_URI && !ferretDbBuilt()) {
    const reason = `no FerretDB binary at ${FERRETDB_BINARY} (run tools/ferretdb/build.sh, or set MONGODB_URI)`;
    if (process.env.CI || process.env.LEADQ_REQUIRE_MONGODB) throw new Error(`The MongoDB test suites cannot run: ${reason}`);
    console.warn(`MongoDB test suites skipped: ${reason}`);
    return [];
  }
  return [
    {
      extends: true,
      test: {
        name: 'mongodb',
        include: MONGODB_SUITES,
        exclude: ['test/e2e-web/**'],
        globalSetup: ['test/support/mongodb-global-setup.ts'],
        setupFiles: ['core/quiet.ts', 'test/support/mongodb-test-env.ts'],
      },
    },
  ];
}

export default defineConfig({
  test: {
    environment: 'node',
    setupFiles: ['core/quiet.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // natural pulls in dotenv, which prints a banner on import.
    env: { DOTENV_CONFIG_QUIET: 'true', LOG_LEVEL: 'silent' },
    projects: [
      {
        extends: true,
        test: {
          name: 'embedded',
          include: ['test/**/*.test.ts', 'dialogs/scripts/**/*.transcript.test.ts'],
          exclude: ['test/**/*.mongodb.test.ts', 'test/reliability/**'],
        },
      },
      {
        // Faults injected under load (kill -9, store outages, two tabs, Slack down), on both stores; prints the table of faults.
        extends: true,
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          globalSetup: ['test/reliability/global-setup.ts'],
          // One fault at a time: each loads the machine, and kill moments are counted in requests.
          fileParallelism: false,
          testTimeout: 180_000,
        },
      },
      ...mongodbProject(),
    ],
  },
});
