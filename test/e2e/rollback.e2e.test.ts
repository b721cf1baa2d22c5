// Whole-file rollback in the window (issue 8): an earlier app session saw the vault at a newer
// state; an older copy of the file is then put back. Unlocking shows a persistent warning above
// every view until the user acknowledges it. Without a real keychain, Settings says protection is off.
import { copyFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppService } from '../../electron/app/service.ts';
import { Vault } from '../../electron/vault/index.ts';
import type { FakePlatform } from '../support/fake-platform.ts';
import { LOW_KDF, appPerTest, type RunningApp } from './harness.ts';
import { nav, rowNames } from './support.ts';

let app: RunningApp | undefined;
const launch = appPerTest();
const WAIT = { timeout: 30_000 };

/**
 * A vault with 'kept/one'; a copy of it is taken; an app session on the same keychain adds
 * 'later/two' (and remembers that newer state); then the copy goes back in place.
 */
async function rolledBackVault(vaultPath: string, password: string, platform: FakePlatform): Promise<void> {
  const v = await Vault.create(vaultPath, password, { kdf: LOW_KDF, allowInsecureKdf: true });
  v.add({ name: 'kept/one' }, 'kept-value', { kind: 'cli', command: 'add' });
  v.close();
  copyFileSync(vaultPath, `${vaultPath}.old`);

  const earlier = new AppService({ vaultPath, platform, kdf: LOW_KDF, allowInsecureKdf: true });
  const unlocked = await earlier.handle('vault.unlock', { password });
  if (!unlocked.ok) throw new Error(`unlock failed: ${unlocked.error.code}`);
  await earlier.handle('credentials.create', { fields: { name: 'later/two' }, value: { kind: 'text', value: 'later-value' } });
  await earlier.dispose();

  copyFileSync(`${vaultPath}.old`, vaultPath);
}

async function unlock(a: RunningApp): Promise<void> {
  await a.page.getByLabel('Master password').fill(a.password);
  await a.page.getByRole('button', { name: 'Unlock' }).click();
  await expect.poll(async () => (await a.call('vault.status', {})).state, WAIT).toBe('unlocked');
}

describe('whole-file rollback', () => {
  it('warns after unlocking an older copy of the vault, in every view, until acknowledged', async () => {
    app = await launch({ vaultFile: rolledBackVault });
    const { page } = app;
    await unlock(app);

    const banner = page.getByRole('alert').filter({ hasText: 'This vault is older than the one this app last saw on' });
    await expect.poll(() => banner.isVisible(), WAIT).toBe(true);
    const text = (await banner.textContent()) ?? '';
    expect(text).toMatch(/it may have been replaced by an old copy/);
    expect(text).toMatch(/If you restored a backup or copied the vault file yourself, this is expected/);
    await expect.poll(() => rowNames(page), WAIT).toEqual(['kept/one']);

    // Persistent: still there in Settings, which says the protection is on.
    await nav(page).getByRole('button', { name: 'Settings', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Rollback protection' }).isVisible(), WAIT).toBe(true);
    expect(await banner.isVisible()).toBe(true);
    expect(await page.getByText(/^On\. Keyhold remembers the newest state of this vault/).isVisible()).toBe(true);

    // ...and after a lock and unlock, since nothing was acknowledged.
    await page.keyboard.press('Control+L');
    await expect.poll(() => page.getByLabel('Master password').isVisible(), WAIT).toBe(true);
    expect(await banner.count()).toBe(0); // nothing from the vault on the lock screen
    await unlock(app);
    await expect.poll(() => banner.isVisible(), WAIT).toBe(true);

    await page.getByRole('button', { name: 'I understand: use this vault as it is' }).click();
    await expect.poll(() => banner.count(), WAIT).toBe(0);
    expect((await app.call('rollback.status', {})).warning).toBeNull();
    expect(app.events.filter((e) => e.type === 'rollback.warning')).toHaveLength(1);
    expect(app.problems).toEqual([]);
  });

  it('says once in Settings that protection is off with Linux’s basic_text store, and stores nothing', async () => {
    app = await launch({
      vaultFile: async (vaultPath, password, platform) => {
        platform.keychain.backendName = 'basic_text';
        await rolledBackVault(vaultPath, password, platform);
      },
    });
    const { page } = app;
    await unlock(app);
    await expect.poll(() => rowNames(page), WAIT).toEqual(['kept/one']);
    await nav(page).getByRole('button', { name: 'Settings', exact: true }).click();
    const off = page.getByRole('status').filter({ hasText: 'Off: nothing is stored.' });
    await expect.poll(() => off.isVisible(), WAIT).toBe(true);
    expect(await off.textContent()).toMatch(/basic text/);
    expect(await page.getByRole('alert').filter({ hasText: 'This vault is older' }).count()).toBe(0);
    expect(app.platform.keychain.records.size).toBe(0);
    expect(app.problems).toEqual([]);
  });
});
