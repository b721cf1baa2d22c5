// First end-to-end flow in Chromium against the real application service: create a vault, add a
// credential, find it in the list, lock with Ctrl+L (nothing from the vault left in the DOM),
// unlock again.
import { describe, expect, it } from 'vitest';
import { appPerTest, type RunningApp } from './harness.ts';

let app: RunningApp | undefined;
const launch = appPerTest();

describe('desktop renderer in Chromium', () => {
  it('creates a vault, adds a credential, locks with Ctrl+L and unlocks', async () => {
    app = await launch();
    const { page } = app;

    // First run.
    await expect.poll(() => page.getByRole('heading', { name: 'Create your Keyhold vault' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('This password cannot be recovered.').isVisible()).toBe(true);
    await page.getByLabel('Master password', { exact: true }).fill(app.password);
    await page.getByLabel('Repeat master password').fill(app.password);
    await page.getByRole('checkbox', { name: /forgotten password means a lost vault/ }).check();
    await page.getByRole('button', { name: 'Create vault' }).click();

    // Empty vault, search focused.
    const search = page.getByRole('searchbox', { name: 'Search credentials' });
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => page.getByText('Your vault is empty.').isVisible()).toBe(true);

    // Add a credential with a typed value.
    await page.keyboard.press('Control+n');
    const dialog = page.getByRole('dialog', { name: 'New credential' });
    await dialog.getByLabel('Name').fill('stripe/prod');
    await dialog.getByLabel('Service').fill('Stripe');
    await dialog.getByLabel('Environment').selectOption('prod');
    await dialog.getByLabel('Tags').fill('payments, backend');
    await dialog.getByRole('radio', { name: 'Paste or type' }).check();
    await dialog.getByLabel('Secret value').fill('sk_live_e2e_secret_value');
    await dialog.getByRole('button', { name: 'Add credential' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);

    const option = page.getByRole('listbox', { name: 'Credentials' }).getByRole('option', { name: /stripe\/prod/ });
    await expect.poll(() => option.isVisible()).toBe(true);
    await expect.poll(() => option.getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.getByRole('heading', { name: 'stripe/prod', level: 2 }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('navigation', { name: 'Vault' }).getByRole('button', { name: /payments/ }).isVisible()).toBe(true);
    // The value is masked: it is not in the DOM.
    expect(await page.content()).not.toContain('sk_live_e2e_secret_value');

    // Search narrows the list; a miss says so.
    await search.fill('nothing-like-this');
    await expect.poll(() => page.getByText("No credential matches 'nothing-like-this'").isVisible()).toBe(true);
    await search.press('Escape');
    await expect.poll(() => option.isVisible()).toBe(true);

    // Lock with Ctrl+L: the unlock screen says why, and nothing from the vault remains in the DOM.
    await page.keyboard.press('Control+l');
    await expect.poll(() => page.getByRole('heading', { name: /^Unlock/ }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Locked by you').isVisible()).toBe(true);
    const html = await page.content();
    expect(html).not.toContain('stripe/prod');
    expect(html).not.toContain('payments');
    expect(app.events.some((e) => e.type === 'locked' && e.reason === 'manual')).toBe(true);

    // A wrong password is refused with a message; the right one opens the vault again.
    await page.getByLabel('Master password').fill('not the password');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong password');
    await expect.poll(() => page.getByRole('button', { name: 'Unlock' }).isEnabled(), { timeout: 60_000 }).toBe(true);
    await page.getByLabel('Master password').fill(app.password);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => option.isVisible()).toBe(true);
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);

    expect(app.problems).toEqual([]);
  });

  it('shows a seeded vault and opens every view without errors', async () => {
    app = await launch({ credentials: 40 });
    const { page } = app;
    const list = page.getByRole('listbox', { name: 'Credentials' });
    await expect.poll(() => page.getByText('40 credentials').isVisible()).toBe(true);
    await expect.poll(() => list.getByRole('option').count()).toBeGreaterThan(5);

    // Keyboard: search, ↓ into the list, Enter opens the detail pane.
    await page.keyboard.press('Control+f');
    await page.keyboard.type('github');
    await expect.poll(() => page.getByText('4 credentials').isVisible()).toBe(true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('detail-title');
    await expect.poll(() => page.getByRole('heading', { level: 2, name: /^github\// }).isVisible()).toBe(true);

    // Sidebar filters.
    const nav = page.getByRole('navigation', { name: 'Vault' });
    await page.getByRole('searchbox', { name: 'Search credentials' }).fill('');
    await nav.getByRole('button', { name: /^prod/ }).click();
    await expect.poll(() => page.getByText('10 credentials').isVisible()).toBe(true);

    for (const [button, heading] of [['Audit log', 'Audit log'], ['Share', 'Share'], ['Settings', 'Settings']] as const) {
      await nav.getByRole('button', { name: button, exact: true }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1, name: heading }).isVisible()).toBe(true);
    }
    await expect.poll(() => page.getByLabel('Auto-lock after idle (minutes)').inputValue()).toBe('5');
    await page.keyboard.press('?');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).toBe(false);

    expect(app.problems).toEqual([]);
  });
});
