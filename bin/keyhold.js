#!/usr/bin/env -S node --
// `--` ends Node's own options: Node 22 otherwise reads `--env-file` even after the script name
// (nodejs/node#54232), which would take `keyhold run --env-file FILE` for itself.
// The `keyhold` command. Runs the bundled CLI (out/cli/, made by `npm run build`); in a checkout
// without a build, Node 22.18+ runs the TypeScript sources directly (type stripping).
// `keyhold get NAME` through an unlocked agent is served by a small entry of its own
// (out/cli/agent-get.cjs) before the whole CLI is loaded: see electron/cli/agent-get.ts.
// This file and that entry are CommonJS (bin/package.json says so): the ES module loader would
// cost each of those calls about 3 ms more. The whole CLI is an ES module, imported below.
'use strict';
const fs = require('node:fs');
const module_ = require('node:module');
const os = require('node:os');
const path = require('node:path');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `keyhold: needs Node.js 22.18 or newer, but this is ${process.version}.\n` +
      'Install Node 22 (or newer) and run keyhold with it; inside the project, `npx keyhold ...` uses the Node 22 it installs.',
  );
  process.exit(1);
}

/** The user's cache folder for Node's compile cache (V8 code of keyhold's own files; no data). */
function compileCacheDir() {
  const env = process.env;
  if (process.platform === 'win32') return env.LOCALAPPDATA ? path.join(env.LOCALAPPDATA, 'Keyhold', 'Cache', 'node-compile-cache') : null;
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'Keyhold', 'node-compile-cache');
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'keyhold', 'node-compile-cache');
}

// Saves V8 compiling the bundle on every start. NODE_COMPILE_CACHE (a folder) or
// NODE_DISABLE_COMPILE_CACHE=1 override it, as for any Node program; a cache that cannot be
// used is skipped silently.
if (module_.enableCompileCache && !process.env.NODE_COMPILE_CACHE && process.env.NODE_DISABLE_COMPILE_CACHE !== '1') {
  try {
    const dir = compileCacheDir();
    if (dir) module_.enableCompileCache(dir);
  } catch {
    // no cache: only slower
  }
}

async function keyhold(argv) {
  const out = path.join(__dirname, '..', 'out', 'cli');
  const fromSources = process.env.KEYHOLD_CLI_SOURCES === '1' || !fs.existsSync(path.join(out, 'keyhold.js'));
  // KEYHOLD_NO_AGENT=1 means the vault file itself: no reason to load the agent client first.
  if (argv.includes('get') && process.env.KEYHOLD_NO_AGENT !== '1') {
    const { agentGet } = fromSources ? await import('../electron/cli/agent-get.ts') : require(path.join(out, 'agent-get.cjs'));
    const code = await agentGet(argv);
    if (code !== null) process.exit(code);
  }
  const { main } = await import(fromSources ? '../electron/cli/main.ts' : '../out/cli/keyhold.js');
  process.exitCode = await main(argv);
}

keyhold(process.argv.slice(2)).catch((e) => {
  // main() reports every failure itself; this is only for a broken installation.
  console.error(`keyhold: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
