import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Real Argon2 and real SQLite: give slow machines room, but no test asserts on time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // expect.poll gives up after 1 s by default: far too short for a browser on a loaded 2-core
    // machine (the e2e alert polls failed so). Every poll in the suite waits up to 45 s.
    expect: { poll: { timeout: 45_000, interval: 100 } },
    // The CLI tests run the bundled CLI: build it from the current sources first.
    globalSetup: ['test/support/build-cli.ts'],
  },
});
