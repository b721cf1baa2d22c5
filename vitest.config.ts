import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Real Argon2 and real SQLite: give slow machines room, but no test asserts on time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The CLI tests run the bundled CLI: build it from the current sources first.
    globalSetup: ['test/support/build-cli.ts'],
  },
});
