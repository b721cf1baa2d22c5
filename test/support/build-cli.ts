// vitest globalSetup: bundles the CLI (out/cli) from the current sources before any test runs, so
// the CLI tests (which spawn bin/keyhold.js, which runs the bundle) never test a stale build.
import { build } from 'vite';

export default async function setup(): Promise<void> {
  await build({ configFile: 'vite.cli.config.ts', logLevel: 'warn' });
}
