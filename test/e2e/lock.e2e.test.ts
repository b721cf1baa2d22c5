// Locking and unlocking: Ctrl+L, the idle timeout (on the fake platform clock), and unlock with a
// wrong then the right password. After a lock nothing from the vault stays in the DOM or in the
// page's JavaScript heap.
import { describe, expect, it } from 'vitest';
import { appPerTest, type RunningApp } from './harness.ts';
import { catalogue, expectCount, isFocused, leaked, leakedInHeap, nav, search, select, seedCatalogue, vaultStrings } from './support.ts';

let app: RunningApp | undefined;
const launch = appPerTest();

const unlockHeading = (app: RunningApp) => app.page.getByRole('heading', { level: 1, name: /^Unlock / });

describe('locking', () => {
  it('locks with Ctrl+L: the unlock screen says why and nothing from the vault remains in the DOM', async () => {
    app = await launch({ vault: 'unlocked', seed: seedCatalogue });
    const { page } = app;
    const strings = vaultStrings(app.platform.now());
    await expectCount(page, 6);

    // Leave plenty on screen: a selected credential with its value revealed, a tag filter, a toast.
    await nav(page).getByRole('button', { name: /^payments \d+$/ }).click();
    await select(page, 'stripe/prod');
    await page.getByRole('button', { name: 'Reveal value' }).click();
    await expect.poll(() => page.getByTestId('revealed-value').textContent()).toBe(catalogue(0)[0]!.value);
    await page.getByRole('button', { name: 'Copy value' }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Notifications' }).textContent()).toContain('Copied stripe/prod');
    expect((await leaked(page, strings)).length).toBeGreaterThan(5);
    // (The heap check below finds vault data while it is there.)
    expect((await leakedInHeap(page, strings)).length).toBeGreaterThan(10);

    await page.keyboard.press('Control+l');

    await expect.poll(() => unlockHeading(app!).isVisible()).toBe(true);
    expect(await page.getByRole('status').filter({ hasText: 'Locked' }).textContent()).toBe('Locked by you');
    expect(await leaked(page, strings)).toEqual([]);
    // Not in the DOM, and not in the renderer's memory either: the stores were wiped.
    expect(await leakedInHeap(page, strings)).toEqual([]);
    expect(await page.getByRole('status', { name: 'Notifications' }).textContent()).toBe('');
    await expect.poll(() => isFocused(page.getByLabel('Master password'))).toBe(true);
    expect((await app.call('vault.status', {})).state).toBe('locked');
    expect(app.events.filter((e) => e.type === 'locked')).toEqual([{ type: 'locked', reason: 'manual' }]);
    // Locking also cleared the clipboard that held the copied value.
    expect(app.platform.clipboard.text).toBe('');
    expect(app.problems).toEqual([]);
  });

  it('locks after the idle timeout set in Settings, counted from the last activity', async () => {
    app = await launch({ vault: 'unlocked', seed: seedCatalogue });
    const { page, platform } = app;
    const strings = vaultStrings(platform.now());

    // One minute, set through the Settings view.
    await nav(page).getByRole('button', { name: 'Settings', exact: true }).click();
    const minutes = page.getByLabel('Auto-lock after idle (minutes)');
    await minutes.fill('1');
    await minutes.press('Enter');
    await expect.poll(async () => (await app!.call('settings.get', {})).autoLockMinutes).toBe(1);

    await nav(page).getByRole('button', { name: /^All credentials/ }).click();
    await select(page, 'aws/terraform');

    // 50 s idle: still open. Activity at that point restarts the count.
    await platform.advance(50_000);
    platform.userActive();
    await platform.advance(40_000);
    expect((await app.call('vault.status', {})).state).toBe('unlocked');
    expect(await page.locator('#detail-title').textContent()).toBe('aws/terraform');

    // A full idle minute after the last activity: locked, with the reason on screen.
    await platform.advance(25_000);
    expect(app.events.filter((e) => e.type === 'locked')).toEqual([{ type: 'locked', reason: 'idle' }]);
    await expect.poll(() => unlockHeading(app!).isVisible()).toBe(true);
    expect(await page.getByRole('status').filter({ hasText: 'Locked' }).textContent()).toBe('Locked after 1 minute idle');
    expect(await leaked(page, strings)).toEqual([]);
    expect(await leakedInHeap(page, strings)).toEqual([]);
    expect(app.problems).toEqual([]);
  });

  it('refuses a wrong password with a message, then unlocks with the right one', async () => {
    app = await launch({ vault: 'locked', seed: seedCatalogue });
    const { page } = app;
    const password = page.getByLabel('Master password');
    await expect.poll(() => unlockHeading(app!).textContent()).toBe('Unlock vault');
    await expect.poll(() => isFocused(password)).toBe(true);

    await password.fill('not the master password');
    await password.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong password. Check Caps Lock and try again.');
    expect(await password.inputValue()).toBe('');
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect((await app.call('vault.status', {})).state).toBe('locked');
    expect((await app.call('vault.status', {})).throttle.failedAttempts).toBe(1);
    expect(await leaked(page, vaultStrings(app.platform.now()))).toEqual([]);

    await expect.poll(() => password.isEnabled()).toBe(true);
    await password.fill(app.password);
    await page.getByRole('button', { name: 'Unlock' }).click();

    await expectCount(page, 6);
    await expect.poll(() => isFocused(search(page))).toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);
    // The failed attempt is on the audit trail, followed by the successful unlock.
    const actions = (await app.call('audit.list', {})).entries.map((e) => e.action).filter((a) => a.startsWith('unlock'));
    expect(actions.slice(-2)).toEqual(['unlock.failed', 'unlock']);
    expect(app.problems).toEqual([]);
  });
});
