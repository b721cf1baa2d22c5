#!/usr/bin/env -S node --
// `--` ends Node's own options: Node 22 otherwise reads `--env-file` even after the script name
// (nodejs/node#54232), which would take `keyhold run --env-file FILE` for itself.
// The `keyhold` command. Node 22.18+ runs the TypeScript sources directly (type stripping), so the
// CLI needs no build step; `npx keyhold` and npm scripts get Node 22 from the node@22 dev dependency.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `keyhold: needs Node.js 22.18 or newer, but this is ${process.version}.\n` +
      'Run it as `npx keyhold ...` inside the project (npx uses the Node 22 the project installs), or install Node 22.',
  );
  process.exit(1);
}
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
