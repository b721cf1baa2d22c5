#!/usr/bin/env -S node --
// `--` ends Node's own options: Node 22 otherwise reads `--env-file` even after the script name
// (nodejs/node#54232), which would take `keyhold run --env-file FILE` for itself.
// The `keyhold` command. Runs the bundled CLI (out/cli/keyhold.js, made by `npm run build`); in a
// checkout without a build, Node 22.18+ runs the TypeScript sources directly (type stripping).
import fs from 'node:fs';
import { URL } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `keyhold: needs Node.js 22.18 or newer, but this is ${process.version}.\n` +
      'Install Node 22 (or newer) and run keyhold with it; inside the project, `npx keyhold ...` uses the Node 22 it installs.',
  );
  process.exit(1);
}
const bundle = new URL('../out/cli/keyhold.js', import.meta.url);
const entry = process.env.KEYHOLD_CLI_SOURCES === '1' || !fs.existsSync(bundle) ? '../electron/cli/main.ts' : bundle.href;
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
