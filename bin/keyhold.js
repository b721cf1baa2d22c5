#!/usr/bin/env -S node --
// `--` ends Node's own options: Node 22 otherwise reads `--env-file` even after the script name
// (nodejs/node#54232), which would take `keyhold run --env-file FILE` for itself.
// The `keyhold` command. Runs the bundled CLI (out/cli/, made by `npm run build`); in a checkout
// without a build, Node 22.18+ runs the TypeScript sources directly (type stripping).
// `keyhold get NAME` through an unlocked agent is served by a small entry of its own
// (out/cli/agent-get.js) before the whole CLI is loaded: see electron/cli/agent-get.ts.
import fs from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { URL } from 'node:url';

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
if (module.enableCompileCache && !process.env.NODE_COMPILE_CACHE && process.env.NODE_DISABLE_COMPILE_CACHE !== '1') {
  try {
    const dir = compileCacheDir();
    if (dir) module.enableCompileCache(dir);
  } catch {
    // no cache: only slower
  }
}

const argv = process.argv.slice(2);
const bundle = new URL('../out/cli/keyhold.js', import.meta.url);
const fromSources = process.env.KEYHOLD_CLI_SOURCES === '1' || !fs.existsSync(bundle);
// KEYHOLD_NO_AGENT=1 means the vault file itself: no reason to load the agent client first.
if (argv.includes('get') && process.env.KEYHOLD_NO_AGENT !== '1') {
  const { agentGet } = await import(fromSources ? '../electron/cli/agent-get.ts' : '../out/cli/agent-get.js');
  const code = await agentGet(argv);
  if (code !== null) process.exit(code);
}
const { main } = await import(fromSources ? '../electron/cli/main.ts' : bundle.href);
process.exitCode = await main(argv);
