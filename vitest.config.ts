import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'dialogs/scripts/**/*.transcript.test.ts'],
    environment: 'node',
    setupFiles: ['core/quiet.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // natural pulls in dotenv, which prints a banner on import.
    env: { DOTENV_CONFIG_QUIET: 'true', LOG_LEVEL: 'silent' },
  },
});
