// Settings: changing the master password, together with a stronger Argon2id cost, from the UI.
import { describe, expect, it } from 'vitest';
import { E2E_PASSWORD, appPerTest, type RunningApp } from './harness.ts';
import { nav } from './support.ts';

let app: RunningApp | undefined;
const launch = appPerTest();

describe('settings', () => {
  it('changes the master password and the Argon2id cost; only the new password unlocks', async () => {
    app = await launch({ vault: 'unlocked' });
    const { page } = app;
    await nav(page).getByRole('button', { name: 'Settings', exact: true }).click();

    // The current cost is shown (the harness's low test parameters).
    await expect.poll(() => page.getByLabel('Memory (MiB)').inputValue()).toBe('8');
    expect(await page.getByLabel('Passes').inputValue()).toBe('1');

    await page.getByLabel('Current master password').fill('not the password');
    await page.getByLabel('New master password', { exact: true }).fill('a brand new passphrase');
    await page.getByLabel('Repeat new master password').fill('a brand new passphrase');
    await page.getByLabel('Memory (MiB)').fill('16');
    await page.getByLabel('Passes').fill('2');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The current password is wrong.');

    await page.getByLabel('Current master password').fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();

    // The vault locks after a password change; the old password no longer opens it.
    await expect.poll(async () => (await app!.call('vault.status', {})).state).toBe('locked');
    await expect.poll(() => page.getByLabel('Master password').isVisible()).toBe(true);
    const old = await app.service.handle('vault.unlock', { password: E2E_PASSWORD });
    expect(old.ok ? null : old.error.code).toBe('WRONG_PASSWORD');
    await page.getByLabel('Master password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(async () => (await app!.call('vault.status', {})).state).toBe('unlocked');
    expect(await app.call('vault.kdf', {})).toEqual({ memoryCost: 16 * 1024, timeCost: 2, parallelism: 1 });
    expect(app.problems).toEqual([]);
  });

  it('"my password may have leaked" ticks "draw a new vault key": the change re-encrypts every record', async () => {
    app = await launch({ vault: 'unlocked' });
    const { page } = app;
    await nav(page).getByRole('button', { name: 'Settings', exact: true }).click();
    const rekey = page.getByLabel('Also draw a new vault key and re-encrypt every record');
    await expect.poll(() => rekey.isChecked(), { timeout: 30_000 }).toBe(false);
    await page.getByLabel('My current password may have leaked').check();
    expect(await rekey.isChecked()).toBe(true);

    await page.getByLabel('Current master password').fill(E2E_PASSWORD);
    await page.getByLabel('New master password', { exact: true }).fill('a brand new passphrase');
    await page.getByLabel('Repeat new master password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(async () => (await app!.call('vault.status', {})).state, { timeout: 30_000 }).toBe('locked');
    await app.call('vault.unlock', { password: 'a brand new passphrase' });
    const changes = await app.call('audit.list', { action: 'password.change' });
    expect(changes.entries.at(-1)?.detail).toMatch(/new vault key, every record sealed again/);
    expect((await app.call('vault.verify', {})).ok).toBe(true);
    expect(app.problems).toEqual([]);
  });
});
