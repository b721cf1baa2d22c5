// `npm start` on a machine without the Electron runtime: one plain explanation, no stack trace.
// The download is pointed at a closed loopback port, so the test never reaches the internet.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const installed = existsSync(path.join(ROOT, 'node_modules/electron/path.txt')) || Boolean(process.env.ELECTRON_OVERRIDE_DIST_PATH);

// Where Electron is installed, `npm start` would launch the app: nothing to check here then.
describe.skipIf(installed)('npm start without the Electron runtime', () => {
  it('says plainly that Electron is missing and exits 1, without a stack trace', () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'keyhold-electron-cache-'));
    try {
      const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/start.mjs'), '--no-build'], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: cache, force_no_cache: 'true' },
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('Keyhold could not start: the Electron runtime is not installed');
      expect(run.stderr).toContain('npx keyhold --help');
      expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$|Error:/m);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
