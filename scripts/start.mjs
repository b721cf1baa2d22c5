// `npm start`: build, then launch the desktop app (`npm start -- --no-build` launches the last build). The electron package fetches its binary on first
// use; where that is impossible (offline machines) say so plainly instead of printing a stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Resolves (and on first use downloads) the Electron binary in a child, keeping its noise out of sight. */
function electronBinary() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(String(require('electron')))"], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 180_000,
  });
  const lines = (probe.stdout ?? '').trim().split('\n');
  const path = lines[lines.length - 1];
  return probe.status === 0 && path && existsSync(path) ? path : null;
}

// electron-vite's package exports hide its bin file: find it through package.json's "bin".
const vitePackage = require.resolve('electron-vite/package.json');
const viteBin = join(dirname(vitePackage), JSON.parse(readFileSync(vitePackage, 'utf8')).bin['electron-vite']);
if (!process.argv.includes('--no-build')) {
  const build = spawnSync(process.execPath, [viteBin, 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const bin = electronBinary();
if (!bin) {
  console.error(
    '\nKeyhold could not start: the Electron runtime is not installed and could not be downloaded\n' +
      '(this machine cannot reach Electron\'s download server). The app itself is built in out/.\n' +
      'On a machine with internet access, `npm start` downloads Electron once and then runs offline.\n' +
      'The command-line interface needs no Electron: npx keyhold --help',
  );
  process.exit(1);
}
const run = spawnSync(bin, ['.'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
