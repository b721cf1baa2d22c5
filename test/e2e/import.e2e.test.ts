// The desktop Import wizard and Settings' backup and restore, in Chromium over the real service:
// files come from main's (fake) open and save dialogs, the page sees previews without values.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { E2E_PASSWORD, appPerTest } from './harness.ts';
import { leaked, leakedInHeap, nav } from './support.ts';

const launch = appPerTest();
const T = 120_000;
const SECRETS = ['sk_live_E2E_IMPORT_secret_9f8e7d', 'whsec_E2E_IMPORT_hook_1a2b3c'];

describe('Import wizard', () => {
  it('from the empty vault: choose a .env, edit a row, import; values never reach the page', async () => {
    const a = await launch({ vault: 'unlocked' });
    a.page.setDefaultTimeout(20_000);
    const dir = path.join(a.dir, 'shop');
    mkdirSync(dir);
    const file = path.join(dir, '.env.production');
    writeFileSync(file, `STRIPE_KEY=${SECRETS[0]}\nWEBHOOK_SECRET=${SECRETS[1]}\nEMPTY=\n`);
    a.platform.answerOpen(file);
    await a.page.getByRole('button', { name: 'Import', exact: true }).click();
    const dialog = a.page.getByRole('dialog', { name: 'Import credentials' });
    await dialog.getByRole('button', { name: 'Choose file…' }).click();
    const table = dialog.getByRole('table', { name: 'Preview of the import' });
    await expect.poll(() => table.getByRole('row').count()).toBe(4); // header + 2 entries + the empty one
    expect(await dialog.getByLabel('Environment for shop/STRIPE_KEY').inputValue()).toBe('prod');
    await dialog.getByLabel('Name for shop/STRIPE_KEY').fill('stripe/prod');
    await dialog.getByLabel('Tags for shop/STRIPE_KEY').fill('payments, live');
    await dialog.getByLabel('Import shop/WEBHOOK_SECRET').uncheck();
    expect(await leaked(a.page, SECRETS)).toEqual([]);
    await dialog.getByRole('button', { name: 'Import 1 credential' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toMatch(/Imported 1, renamed 0, skipped 2, rejected 0/);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const list = (await a.call('credentials.list', {})).items;
    expect(list.map((c) => c.name)).toEqual(['stripe/prod']);
    expect(list[0]).toMatchObject({ environment: 'prod', tags: ['payments', 'live'] });
    expect(await leakedInHeap(a.page, SECRETS)).toEqual([]);
    expect(a.problems).toEqual([]);
  }, T);

  it('a password-protected export asks for its password and says when it is wrong', async () => {
    const a = await launch({ vault: 'unlocked' });
    a.page.setDefaultTimeout(20_000);
    const file = path.join(a.dir, 'protected.json');
    writeFileSync(file, JSON.stringify({
      encrypted: true, passwordProtected: true, salt: 'c2FsdA==', kdfType: 0, kdfIterations: 1000,
      encKeyValidation_DO_NOT_EDIT: '2.AAAAAAAAAAAAAAAAAAAAAA==|AAAAAAAAAAAAAAAAAAAAAA==|AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      data: '2.AAAAAAAAAAAAAAAAAAAAAA==|AAAAAAAAAAAAAAAAAAAAAA==|AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    }));
    a.platform.answerOpen(file);
    await a.page.getByRole('button', { name: 'Import', exact: true }).click();
    const dialog = a.page.getByRole('dialog', { name: 'Import credentials' });
    await dialog.getByRole('button', { name: 'Choose file…' }).click();
    await dialog.getByLabel('Password of the file').fill('not it');
    await dialog.getByRole('button', { name: 'Show preview' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('Wrong password for this file.');
    expect((await a.call('credentials.list', {})).items).toEqual([]);
  }, T);
});

describe('Settings: backup and restore', () => {
  it('backs up through the save dialog, then restores it after the check and a confirmation', async () => {
    const a = await launch({ vault: 'unlocked' });
    a.page.setDefaultTimeout(20_000);
    await a.call('credentials.create', { fields: { name: 'kept' }, value: { kind: 'text', value: SECRETS[0] } });
    await nav(a.page).getByRole('button', { name: 'Settings', exact: true }).click();
    const backup = path.join(a.dir, 'manual.keyhold');
    a.platform.answerSave(backup);
    await a.page.getByRole('button', { name: 'Back up now…' }).click();
    await expect.poll(() => existsSync(backup)).toBe(true);
    await a.call('credentials.create', { fields: { name: 'later' }, value: { kind: 'text', value: SECRETS[1] } });

    a.platform.answerOpen(backup);
    await a.page.getByLabel('Master password of the backup').fill(E2E_PASSWORD);
    await a.page.getByRole('button', { name: 'Choose backup…' }).click();
    const confirmDialog = a.page.getByRole('dialog', { name: 'Replace the vault with this backup?' });
    await expect.poll(() => confirmDialog.textContent()).toMatch(/Backup: 1 credentials.*Current: 2 credentials/s);
    await confirmDialog.getByRole('button', { name: 'Replace vault' }).click();
    // Replaced and locked: the unlock screen, then the restored contents.
    await expect.poll(() => a.page.getByLabel('Master password').isVisible()).toBe(true);
    await a.call('vault.unlock', { password: E2E_PASSWORD });
    expect((await a.call('credentials.list', {})).items.map((c) => c.name)).toEqual(['kept']);
    expect(a.problems).toEqual([]);
  }, T);
});
