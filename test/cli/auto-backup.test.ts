// The automatic rolling backup after CLI unlocks: real `keyhold` processes over real vault files,
// with Debian's faketime moving the clock a day (and more) ahead. At most one a day, beside the
// vault, mode 0600, verified; the newest N kept, N from the vault's settings (the desktop's).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listBackups } from '../../electron/app/rolling-backup.ts';
import { loadSettings, saveSettings } from '../../electron/app/settings.ts';
import { Vault } from '../../electron/vault/index.ts';
import { runtimeDir } from '../agent/support.ts';
import { PASSWORD, makeVault, removeDir, run, type RunOptions, type RunResult, type TestVault } from './helpers.ts';

const T = 120_000;
const VALUE = 'sk_live_AUTO_BACKUP_value_1f2e';
let tv: TestVault;
let rt: string;

beforeEach(async () => {
  tv = await makeVault();
  rt = runtimeDir();
  tv.env.XDG_RUNTIME_DIR = rt;
});

afterEach(async () => {
  await tv.kh(['lock']);
  removeDir(tv.dir);
  removeDir(rt);
});

/** The CLI under `faketime -f OFFSET` (e.g. '+25h'): its clock, and its agent's, run that far ahead. */
function khAt(offset: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return run(args, { ...opts, env: { ...tv.env, ...opts.env }, wrapper: ['faketime', '-f', offset] });
}

/** Sets the shared setting the way the desktop's Settings does (it lives in the vault). */
async function setKeep(keep: number): Promise<void> {
  const v = Vault.open(tv.vault, { allowInsecureKdf: true });
  try {
    await v.unlock(PASSWORD, { kind: 'desktop', command: 'settings' });
    saveSettings(v, { backupKeep: keep }, { kind: 'desktop', command: 'settings' });
    expect(loadSettings(v).backupKeep).toBe(keep);
  } finally {
    v.close();
  }
}

async function waitFor(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}

const backups = () => listBackups(tv.vault);

describe('automatic backup after CLI unlocks', () => {
  it('the first unlocking command takes one (0600, verifies, holds the vault); a second the same day takes none; a day later one more', async () => {
    expect(backups()).toEqual([]);
    const add = await tv.kh(['add', 'stripe/prod', '--value-stdin'], { input: VALUE });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).not.toMatch(/backup/);
    const [first] = backups();
    expect(backups()).toHaveLength(1);
    expect(path.dirname(first!.file)).toBe(tv.dir);
    expect(path.basename(first!.file)).toMatch(/^test\.backup-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.keyhold$/);
    expect(fs.statSync(first!.file).mode & 0o777).toBe(0o600);
    // A real vault under the same master password, with what the command had just added.
    const fromBackup = await tv.kh(['--vault', first!.file, 'get', 'stripe/prod']);
    expect(fromBackup.stdout).toBe(VALUE);
    expect((await tv.kh(['--vault', first!.file, 'verify'])).code).toBe(0);

    // The same day: a normal get prints its value and takes no backup.
    const get = await tv.kh(['get', 'stripe/prod']);
    expect([get.code, get.stdout]).toEqual([0, VALUE]);
    expect(backups()).toHaveLength(1);
    // 23 hours on: still not due.
    expect((await khAt('+23h', ['get', 'stripe/prod'])).stdout).toBe(VALUE);
    expect(backups()).toHaveLength(1);
    // 25 hours on: due; the output is unchanged.
    const later = await khAt('+25h', ['get', 'stripe/prod']);
    expect([later.code, later.stdout]).toEqual([0, VALUE]);
    expect(later.stderr).not.toMatch(/backup/); // only the test vault's weak-Argon2 warning
    const two = backups();
    expect(two).toHaveLength(2);
    expect(Date.parse(two[0]!.at) - Date.parse(two[1]!.at)).toBeGreaterThan(24 * 3_600_000);
  }, T);

  it('keeps the newest N of the shared setting, and none when it is 0', async () => {
    expect((await tv.kh(['add', 'a', '--value-stdin'], { input: VALUE })).code).toBe(0);
    await setKeep(2);
    for (const offset of ['+25h', '+50h', '+75h']) expect((await khAt(offset, ['ls'])).code).toBe(0);
    const kept = backups();
    expect(kept).toHaveLength(2);
    // The two newest: taken at +75h and +50h; the first two are gone.
    expect(Date.parse(kept[0]!.at) - Date.now()).toBeGreaterThan(74 * 3_600_000);
    expect(Date.parse(kept[1]!.at) - Date.now()).toBeGreaterThan(49 * 3_600_000);
    expect(fs.readdirSync(tv.dir).filter((n) => n.includes('.backup-') || n.endsWith('.tmp'))).toHaveLength(2);

    await setKeep(0);
    expect((await khAt('+100h', ['ls'])).code).toBe(0);
    expect(backups()).toEqual(kept);
  }, T);

  it('`keyhold backup --keep-daily N` sets the shared setting (the desktop reads the same); bad values are refused', async () => {
    const set = await tv.kh(['backup', '--keep-daily', '3']);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr).toContain('Automatic backups: the newest 3 kept beside');
    const readKeep = async () => {
      const v = Vault.open(tv.vault, { allowInsecureKdf: true });
      try {
        await v.unlock(PASSWORD, { kind: 'desktop', command: 'settings' });
        return loadSettings(v).backupKeep;
      } finally {
        v.close();
      }
    };
    expect(await readKeep()).toBe(3);
    expect(backups()).toHaveLength(1); // that unlock took the day's backup too
    for (const bad of ['101', '-1', 'seven', '2.5']) {
      const r = await tv.kh(['backup', '--keep-daily', bad]);
      expect([bad, r.code]).toEqual([bad, 2]);
      expect(r.stderr).toMatch(/--keep-daily takes a whole number from 0/);
    }
    const none = await tv.kh(['backup']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/say where to write the backup/);
    const off = await tv.kh(['backup', '--keep-daily', '0']);
    expect(off.stderr).toContain('Automatic backups are off');
    expect(await readKeep()).toBe(0);
    expect((await khAt('+25h', ['ls'])).code).toBe(0);
    expect(backups()).toHaveLength(1);
  }, T);

  it('commands that open the file for bulk work (import) take it too; a failed command takes none', async () => {
    const env = path.join(tv.dir, 'shop', '.env');
    fs.mkdirSync(path.dirname(env));
    fs.writeFileSync(env, `STRIPE_KEY=${VALUE}\n`);
    const missing = await tv.kh(['get', 'nope']);
    expect(missing.code).not.toBe(0);
    expect(backups()).toEqual([]);
    const imp = await tv.kh(['import', env, '--yes']);
    expect(imp.code, imp.stderr).toBe(0);
    expect(backups()).toHaveLength(1);
    expect((await tv.kh(['--vault', backups()[0]!.file, 'get', 'shop/STRIPE_KEY'])).stdout).toBe(VALUE);
  }, T);

  it('`keyhold unlock` (the agent) takes it once serving; commands through the agent take none', async () => {
    expect((await tv.kh(['add', 'a', '--value-stdin'], { input: VALUE })).code).toBe(0);
    expect(backups()).toHaveLength(1);
    const unlock = await khAt('+25h', ['unlock']);
    expect(unlock.code, unlock.stderr).toBe(0);
    await waitFor(() => backups().length === 2);
    const noPassword = { KEYHOLD_PASSWORD_FILE: undefined };
    const viaAgent = await khAt('+50h', ['get', 'a'], { env: noPassword });
    expect(viaAgent.stdout).toBe(VALUE);
    expect((await tv.kh(['lock'])).code).toBe(0);
    expect(backups()).toHaveLength(2);
  }, T);
});
