// A credential's life after creation: rotate (with a reason, into the version history), disable
// (badge, Copy disabled, and main refuses its value), move to the trash (at once, with Undo) and
// restore. Other destructive steps confirm.
import { describe, expect, it } from 'vitest';
import { appPerTest, type RunningApp } from './harness.ts';
import { catalogue, detailTitle, expectCount, idOf, leaked, listbox, nav, option, rowNames, select, seedCatalogue } from './support.ts';

let app: RunningApp | undefined;
const launch = appPerTest();

const valueOf = (name: string) => catalogue(Date.now()).find((c) => c.fields.name === name)!.value;

describe('credential lifecycle', () => {
  it('rotates with a reason; the old value moves to the version history', async () => {
    app = await launch({ vault: 'unlocked', seed: seedCatalogue });
    const { page } = app;
    const id = await idOf(app, 'sendgrid/mailer');
    await select(page, 'sendgrid/mailer');
    await expect.poll(() => page.getByText('No previous values: this is the first.').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Rotate', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate sendgrid/mailer' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('radio', { name: 'Paste or type' }).check();
    await dialog.getByLabel('Secret value').fill('SG.rotated_value_after_leak');
    await dialog.getByLabel('Reason').fill('Leaked in a CI log');
    await dialog.getByRole('button', { name: 'Rotate', exact: true }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);

    // History: the previous value (v1) with the reason; the current value is version 2.
    const history = page.getByRole('list', { name: 'Previous values' });
    await expect.poll(() => history.getByRole('listitem').count()).toBe(1);
    const entry = history.getByRole('listitem').first();
    expect(await entry.locator('.mono').textContent()).toBe('v1');
    expect(await entry.textContent()).toContain('Leaked in a CI log');
    expect(await entry.textContent()).toMatch(/set .+, replaced .+/);
    await expect.poll(() => page.getByText(/^Version 2, rotated /).isVisible()).toBe(true);
    expect(await option(page, 'sendgrid/mailer').locator('.row-age').textContent()).toMatch(/^rotated /);
    await expect.poll(() => page.getByRole('list', { name: 'Activity' }).textContent()).toContain('rotate');

    // In the vault: the new value is current, the old one is in the history, the reason recorded.
    expect((await app.call('credentials.reveal', { id })).value).toBe('SG.rotated_value_after_leak');
    const stored = await app.call('credentials.history', { id });
    expect(stored.map((h) => [h.valueVersion, h.reason])).toEqual([[1, 'Leaked in a CI log']]);
    expect(await leaked(page, ['SG.rotated_value_after_leak', valueOf('sendgrid/mailer')])).toEqual([]);
    expect(app.problems).toEqual([]);
  });

  it('disables after confirmation: a grey badge, and copy is refused by main', async () => {
    app = await launch({ vault: 'unlocked', seed: seedCatalogue });
    const { page, platform } = app;
    const id = await idOf(app, 'stripe/sandbox');
    await select(page, 'stripe/sandbox');
    const menu = page.getByRole('button', { name: 'More actions for stripe/sandbox' });
    const confirmDialog = page.getByRole('dialog', { name: 'Disable this credential?' });

    // Cancelling the confirmation changes nothing.
    await menu.click();
    await page.getByRole('menuitem', { name: 'Disable…' }).click();
    await expect.poll(() => confirmDialog.isVisible()).toBe(true);
    await confirmDialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => confirmDialog.isVisible()).toBe(false);
    expect((await app.call('credentials.get', { id })).status).toBe('active');

    await menu.click();
    await page.getByRole('menuitem', { name: 'Disable…' }).click();
    await confirmDialog.getByRole('button', { name: 'Disable', exact: true }).click();
    await expect.poll(() => confirmDialog.isVisible()).toBe(false);

    // The row is dimmed with a "disabled" badge, and so is the detail pane.
    const row = option(page, 'stripe/sandbox');
    await expect.poll(() => row.locator('.badge').allTextContents()).toEqual(['disabled']);
    expect(await row.getAttribute('class')).toMatch(/\bdim\b/);
    expect(await page.locator('.detail-head .badge').allTextContents()).toEqual(['disabled']);
    expect((await app.call('credentials.get', { id })).status).toBe('disabled');

    // Copy is disabled in the detail and says why beside it; Ctrl+C is refused in main: nothing
    // reaches the clipboard, the UI says why, the audit says denied.
    const copy = page.getByRole('button', { name: 'Copy value' });
    expect(await copy.isDisabled()).toBe(true);
    expect(await page.getByText('Disabled: enable it to copy its value.').isVisible()).toBe(true);
    await listbox(page).focus();
    await page.keyboard.press('Control+c');
    await expect.poll(() => page.getByRole('status', { name: 'Notifications' }).textContent()).toContain('stripe/sandbox cannot be copied. Disabled: enable it to copy its value.');
    expect(platform.clipboard.writes).toEqual([]);
    const refused = await app.service.handle('credentials.copy', { id });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('DISABLED');
    const copies = (await app.call('audit.list', { credentialId: id, action: 'copy' })).entries;
    expect(copies.map((e) => e.result)).toEqual(['denied', 'denied']);
    expect((await app.call('audit.list', { credentialId: id, action: 'disable' })).entries).toHaveLength(1);

    // Enable brings it back.
    await menu.click();
    await page.getByRole('menuitem', { name: 'Enable' }).click();
    await page.getByRole('dialog', { name: 'Enable this credential?' }).getByRole('button', { name: 'Enable', exact: true }).click();
    await expect.poll(() => row.locator('.badge').count()).toBe(0);
    await page.getByRole('button', { name: 'Copy value' }).click();
    await expect.poll(() => platform.clipboard.text).toBe(valueOf('stripe/sandbox'));
    expect(app.problems).toEqual([]);
  });

  it('moves to the trash at once with Undo, and restores from the trash view', async () => {
    app = await launch({ vault: 'unlocked', seed: seedCatalogue });
    const { page } = app;
    const id = await idOf(app, 'openai/research');
    await select(page, 'openai/research');
    const trashButton = nav(page).getByRole('button', { name: /^Trash \d+$/ });
    expect(await trashButton.textContent()).toBe('Trash0');
    const toasts = page.getByRole('status', { name: 'Notifications' });

    // No confirmation: it moves at once, the next row takes over the detail, and Undo brings it back.
    await page.getByRole('button', { name: 'More actions for openai/research' }).click();
    await page.getByRole('menuitem', { name: 'Move to trash' }).click();
    await expect.poll(() => toasts.textContent()).toContain('openai/research moved to the trash.');
    await expectCount(page, 5);
    await expect.poll(() => detailTitle(page).textContent()).toBe('sendgrid/mailer');
    expect((await app.call('credentials.get', { id })).trashedAt).not.toBeNull();
    await toasts.getByRole('button', { name: 'Undo' }).click();
    await expectCount(page, 6);
    await expect.poll(() => detailTitle(page).textContent()).toBe('openai/research');
    expect((await app.call('credentials.get', { id })).trashedAt).toBeNull();

    await page.getByRole('button', { name: 'More actions for openai/research' }).click();
    await page.getByRole('menuitem', { name: 'Move to trash' }).click();

    // Gone from the list, counted in the trash, trashed in the vault.
    await expectCount(page, 5);
    await expect.poll(() => rowNames(page)).toEqual(['aws/terraform', 'github/release-bot', 'sendgrid/mailer', 'stripe/prod', 'stripe/sandbox']);
    await expect.poll(() => trashButton.textContent()).toBe('Trash1');
    expect((await app.call('credentials.get', { id })).trashedAt).not.toBeNull();

    // The trash view lists it; its detail says so and offers Restore.
    await trashButton.click();
    await expectCount(page, 1);
    await expect.poll(() => rowNames(page)).toEqual(['openai/research']);
    await select(page, 'openai/research');
    await expect.poll(() => page.getByRole('note').textContent()).toContain('In the trash since');
    expect(await page.getByRole('button', { name: 'Rotate', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Copy value' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Reveal value' }).isDisabled()).toBe(true);
    // Deleting for good is only in the overflow menu, never a button in the banner.
    expect(await page.getByRole('note').getByRole('button', { name: /Delete/ }).count()).toBe(0);

    await page.getByRole('button', { name: 'More actions for openai/research' }).click();
    await page.getByRole('menuitem', { name: 'Restore' }).click();
    const confirmRestore = page.getByRole('dialog', { name: 'Restore from trash?' });
    await confirmRestore.getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => confirmRestore.isVisible()).toBe(false);

    await expect.poll(() => page.getByText('The trash is empty.').isVisible()).toBe(true);
    await expect.poll(() => trashButton.textContent()).toBe('Trash0');
    await nav(page).getByRole('button', { name: /^All credentials/ }).click();
    await expectCount(page, 6);
    await expect.poll(() => rowNames(page)).toEqual(['aws/terraform', 'github/release-bot', 'openai/research', 'sendgrid/mailer', 'stripe/prod', 'stripe/sandbox']);
    expect((await app.call('credentials.get', { id })).trashedAt).toBeNull();
    const actions = (await app.call('audit.list', { credentialId: id })).entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['trash', 'restore']));
    expect(app.problems).toEqual([]);
  });
});
