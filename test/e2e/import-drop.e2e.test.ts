// Drag-and-drop into the Import wizard, in Chromium over the real service. The page gets only an
// empty File of the dropped name; the fake bridge stands in for the preload's
// webUtils.getPathForFile with a test-only name -> path map (harness.ts dropFiles), and main reads
// the real file from disk. Values never reach the page.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPerTest, dropFiles } from './harness.ts';
import { leaked, leakedInHeap } from './support.ts';

const launch = appPerTest();
const T = 120_000;
const SECRETS = ['sk_live_E2E_DROP_secret_4d3c2b', 'ghp_E2E_DROP_token_0a9b8c'];

describe('Import wizard: drag and drop', () => {
  it('a .env dropped on the empty vault opens the wizard with its preview; import; report', async () => {
    const a = await launch({ vault: 'unlocked' });
    a.page.setDefaultTimeout(30_000);
    const dir = path.join(a.dir, 'shop');
    mkdirSync(dir);
    const file = path.join(dir, '.env.production');
    writeFileSync(file, `STRIPE_KEY=${SECRETS[0]}\nGITHUB_TOKEN=${SECRETS[1]}\n`);
    await expect.poll(() => a.page.getByText('Your vault is empty.').isVisible(), { timeout: 30_000 }).toBe(true);

    await dropFiles(a.page, [{ name: '.env.production', path: file }], {
      beforeDrop: async () => {
        // While dragging: the window says what a drop does.
        await expect.poll(() => a.page.locator('.drop-overlay').textContent(), { timeout: 30_000 }).toBe('Drop a file to import it, or a share bundle (.age) to open it');
      },
    });
    await expect.poll(() => a.page.locator('.drop-overlay').count(), { timeout: 30_000 }).toBe(0);
    const dialog = a.page.getByRole('dialog', { name: 'Import credentials' });
    const table = dialog.getByRole('table', { name: 'Preview of the import' });
    await expect.poll(() => table.getByRole('row').count(), { timeout: 30_000 }).toBe(3); // header + 2
    expect(await dialog.textContent()).toContain('File: .env.production (.env file)');
    expect(await dialog.getByLabel('Environment for shop/STRIPE_KEY').inputValue()).toBe('prod');
    expect(a.platform.dialogs).toHaveLength(0); // no open dialog was needed
    expect(await leaked(a.page, SECRETS)).toEqual([]);

    await dialog.getByRole('button', { name: 'Import 2 credentials' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 30_000 }).toMatch(/Imported 2, renamed 0, skipped 0, rejected 0/);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const names = (await a.call('credentials.list', {})).items.map((c) => c.name).sort();
    expect(names).toEqual(['shop/GITHUB_TOKEN', 'shop/STRIPE_KEY']);
    expect(await leakedInHeap(a.page, SECRETS)).toEqual([]);
    expect(a.problems).toEqual([]);
  }, T);

  it('in the wizard: the drop zone lights up; a folder, two files, a pipe or a non-disk item get a clear error; then a good drop works', async () => {
    const a = await launch({ vault: 'unlocked' });
    a.page.setDefaultTimeout(30_000);
    await a.page.getByRole('button', { name: 'Import', exact: true }).click();
    const dialog = a.page.getByRole('dialog', { name: 'Import credentials' });
    const zone = dialog.getByTestId('import-drop-zone');
    await expect.poll(() => zone.textContent(), { timeout: 30_000 }).toMatch(/^Drop a file here, or choose one\./);
    const alert = dialog.getByRole('alert');

    const folder = path.join(a.dir, 'project');
    mkdirSync(folder);
    await dropFiles(a.page, [{ name: 'project', path: folder }], {
      beforeDrop: async () => {
        await expect.poll(() => zone.getAttribute('class'), { timeout: 30_000 }).toContain('drop-zone-active');
        expect(await zone.textContent()).toMatch(/^Release to read this file/);
        // The window's overlay stays away while the wizard is the target.
        expect(await a.page.locator('.drop-overlay').count()).toBe(0);
      },
    });
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toBe('project is a folder. Drop one file from it (a .env, .kdbx, .json, .1pux or .csv).');
    expect(await zone.getAttribute('class')).not.toContain('drop-zone-active');

    const one = path.join(a.dir, '.env');
    const two = path.join(a.dir, '.env.local');
    writeFileSync(one, `A=${SECRETS[0]}\n`);
    writeFileSync(two, `B=${SECRETS[1]}\n`);
    await dropFiles(a.page, [{ name: '.env', path: one }, { name: '.env.local', path: two }]);
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toBe('2 files were dropped. Drop one file at a time.');

    const fifo = path.join(a.dir, 'pipe.env');
    execFileSync('mkfifo', [fifo]);
    await dropFiles(a.page, [{ name: 'pipe.env', path: fifo }]);
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toBe('pipe.env is not a regular file (a pipe, socket or device). Drop an export file.');

    // E.g. text dragged out of another program: a File with no path behind it.
    await dropFiles(a.page, [{ name: 'clipping.txt' }]);
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toMatch(/^What was dropped is not a file on this computer/);
    expect((await a.call('credentials.list', {})).items).toEqual([]);

    await dropFiles(a.page, [{ name: '.env.local', path: two }]);
    const table = dialog.getByRole('table', { name: 'Preview of the import' });
    await expect.poll(() => table.getByRole('row').count(), { timeout: 30_000 }).toBe(2);
    const name = ((await dialog.getByLabel(/^Name for /).getAttribute('aria-label')) ?? '').slice('Name for '.length);
    expect(name).toMatch(/\/B$/); // FOLDER/VAR
    expect(await dialog.getByLabel(`Environment for ${name}`).inputValue()).toBe('dev'); // .env.local
    expect(await alert.count()).toBe(0);
    expect(await leaked(a.page, SECRETS)).toEqual([]);
    expect(a.problems).toEqual([]);
  }, T);
});
