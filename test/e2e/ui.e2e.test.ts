// The list, detail, dialogs and feedback as issue 13 asks: one worst-state badge with "+N", rows
// that account for every tag, neutral environment chips, a credential always selected, Esc back
// to the list, double-click and context-menu copy, a clipboard chip no notice can push out,
// merged routine notices, the first invalid field focused, the selection kept in view, settings
// that say "Saved", an empty vault with one primary action, and a throttle said once.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appPerTest, type RunningApp, type SeedContext } from './harness.ts';
import { catalogue, detailTitle, expectCount, isFocused, listbox, nav, option, rowStates, rowTagChips, rowTags, search, seedCatalogue, select } from './support.ts';

let app: RunningApp | undefined;
const launch = appPerTest();
const DAY = 86_400_000;
const MANY_TAGS = ['alpha-team', 'billing', 'customer-data', 'dashboards', 'europe-west'];

async function seedMore(ctx: SeedContext): Promise<void> {
  await seedCatalogue(ctx);
  const meta = await ctx.call('credentials.create', {
    fields: { name: 'legacy/warehouse', service: 'Snowflake Data Cloud', environment: 'prod', keyType: 'private', tags: MANY_TAGS, expiresAt: new Date(ctx.platform.now() - 2 * DAY).toISOString() },
    value: { kind: 'text', value: 'legacy_warehouse_value_0007' },
  });
  await ctx.call('credentials.setStatus', { id: meta.id, status: 'compromised' });
}

const toasts = (page: Page) => page.getByRole('status', { name: 'Notifications' });

describe('rows, detail and feedback', () => {
  it('a row shows its worst state with +N, accounts for every tag, and environment chips are neutral', async () => {
    app = await launch({ vault: 'unlocked', seed: seedMore });
    const { page } = app;
    await expectCount(page, 7);
    // A credential is selected from the start: the detail is never blank.
    await expect.poll(() => detailTitle(page).textContent()).toBe('aws/terraform');

    const row = option(page, 'legacy/warehouse');
    expect(await row.locator('.badge').allTextContents()).toEqual(['⚠ compromised']);
    expect(await row.locator('.badge-more').textContent()).toBe('+1 more: expired');
    expect(await row.locator('.badge-more').getAttribute('title')).toMatch(/^expired: Expired /);
    expect(await rowStates(page, 'legacy/warehouse')).toEqual(['compromised', 'expired']);
    expect(await rowTags(page, 'legacy/warehouse')).toEqual(MANY_TAGS);
    // Narrower: fewer chips, and "+N" still counts exactly the ones not shown.
    await page.setViewportSize({ width: 1000, height: 700 });
    await expect.poll(async () => (await rowTags(page, 'legacy/warehouse')).join()).toBe(MANY_TAGS.join());
    await expect
      .poll(async () => {
        const { shown, more } = await rowTagChips(page, 'legacy/warehouse');
        return more?.startsWith(`+${MANY_TAGS.length - shown.length} `) ?? false;
      })
      .toBe(true);

    // Environment chips are outlined grey, never the red/amber of a state.
    const colours = await page.evaluate(() => {
      const chip = document.querySelector('.row .chip.env')!;
      const badge = document.querySelector('.row .badge-outline, .row .badge-red')!;
      return [getComputedStyle(chip).color, getComputedStyle(chip).backgroundColor, getComputedStyle(badge).color];
    });
    expect(colours[0]).not.toBe(colours[2]);
    expect(colours[1]).toBe('rgba(0, 0, 0, 0)');
    expect(app.problems).toEqual([]);
  });

  it('copies by double-click and from the context menu; Esc in the detail returns to the list', async () => {
    app = await launch({ vault: 'unlocked', seed: seedCatalogue });
    const { page, platform } = app;
    const known = catalogue(0);
    await expectCount(page, 6);

    await option(page, 'stripe/sandbox').dblclick();
    await expect.poll(() => platform.clipboard.text).toBe(known[1]!.value);
    await expect.poll(() => detailTitle(page).textContent()).toBe('stripe/sandbox');

    // Shift+F10 opens the row's menu; arrows and Enter pick Copy value.
    await listbox(page).focus();
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => detailTitle(page).textContent()).toBe('stripe/prod');
    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu', { name: 'Actions for stripe/prod' });
    await expect.poll(() => menu.isVisible()).toBe(true);
    await expect.poll(() => isFocused(menu.getByRole('menuitem', { name: /^Copy value/ }))).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => platform.clipboard.text).toBe(known[0]!.value);
    expect(await menu.count()).toBe(0);
    expect(await isFocused(listbox(page))).toBe(true);

    // Right-click: the same menu; Esc closes it.
    await option(page, 'github/release-bot').click({ button: 'right' });
    const menu2 = page.getByRole('menu', { name: 'Actions for github/release-bot' });
    await expect.poll(() => menu2.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => menu2.count()).toBe(0);

    // Esc anywhere in the detail goes back to the list (no Shift+Tab marathon).
    await page.getByRole('button', { name: 'Reveal value' }).focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => isFocused(listbox(page))).toBe(true);
    expect(app.problems).toEqual([]);
  });

  it('the clipboard chip outlives any number of notices, and routine notices merge into one', async () => {
    app = await launch({ vault: 'unlocked', seed: seedCatalogue });
    const { page } = app;
    await select(page, 'stripe/prod');
    await page.getByRole('button', { name: 'Copy value' }).click();
    const chip = page.getByRole('timer', { name: 'Clipboard' });
    await expect.poll(() => chip.textContent()).toMatch(/stripe\/prod.*Clipboard clears in/);

    for (const name of ['stripe/sandbox', 'github/release-bot', 'sendgrid/mailer', 'aws/terraform']) {
      await select(page, name);
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: `Edit ${name}` });
      await dialog.getByRole('button', { name: 'Save changes' }).click();
      await expect.poll(() => dialog.count()).toBe(0);
      await expect.poll(() => toasts(page).locator('.toast-text').allTextContents()).toEqual([`Saved ${name}.`]);
    }
    // One routine notice at a time, the latest; the chip is still there.
    expect(await toasts(page).locator('.toast').count()).toBe(1);
    expect(await chip.isVisible()).toBe(true);
    expect(app.problems).toEqual([]);
  });

  it('the new-credential form focuses the first invalid field and keeps its buttons in view; the new row is scrolled to', async () => {
    app = await launch({ vault: 'unlocked', credentials: 60, viewport: { width: 1280, height: 600 } });
    const { page } = app;
    await expectCount(page, 60);
    await page.keyboard.press('Control+n');
    const dialog = page.getByRole('dialog', { name: 'New credential' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel('Notes').fill('written last, far down the form');
    const add = dialog.getByRole('button', { name: 'Add credential' });
    const inView = async (what: ReturnType<Page['locator']>) => {
      const [d, b] = await Promise.all([dialog.boundingBox(), what.boundingBox()]);
      return d !== null && b !== null && b.y >= d.y - 1 && b.y + b.height <= d.y + d.height + 1;
    };
    expect(await inView(add)).toBe(true);
    await add.click();
    await expect.poll(() => isFocused(dialog.getByLabel('Name'))).toBe(true);
    expect(await inView(dialog.getByLabel('Name'))).toBe(true);
    expect(await dialog.getByText('Fix the marked fields.').isVisible()).toBe(true);
    expect(await inView(add)).toBe(true);

    await dialog.getByLabel('Name').fill('zzz/last-in-the-list');
    await dialog.getByRole('radio', { name: 'Paste or type' }).check();
    await dialog.getByLabel('Secret value').fill('zzz_value_for_the_scroll_test');
    await add.click();
    await expect.poll(() => dialog.count()).toBe(0);
    const row = option(page, 'zzz/last-in-the-list');
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    const [list, box] = await Promise.all([listbox(page).boundingBox(), row.boundingBox()]);
    expect(box!.y).toBeGreaterThanOrEqual(list!.y - 1);
    expect(box!.y + box!.height).toBeLessThanOrEqual(list!.y + list!.height + 1);

    // Clearing a search keeps the selection in view too.
    await search(page).fill('zzz');
    await expectCount(page, 1);
    await search(page).press('Escape');
    await expectCount(page, 61);
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    expect(app.problems).toEqual([]);
  });

  it('settings apply at once and say Saved next to the setting', async () => {
    app = await launch({ vault: 'unlocked' });
    const { page } = app;
    await nav(page).getByRole('button', { name: 'Settings' }).click();
    const idle = page.getByLabel('Auto-lock after idle (minutes)');
    await expect.poll(() => idle.isVisible()).toBe(true);
    await idle.fill('12');
    await idle.press('Enter');
    const saved = page.locator('.field', { has: idle }).getByRole('status');
    await expect.poll(() => saved.textContent()).toBe('✓ Saved');
    expect((await app.call('settings.get', {})).autoLockMinutes).toBe(12);

    const toggle = page.getByRole('checkbox', { name: 'Lock when the computer sleeps' });
    const before = await toggle.isChecked();
    await toggle.click();
    await expect.poll(() => page.locator('.toggle-setting', { has: toggle }).getByRole('status').textContent()).toBe('✓ Saved');
    expect((await app.call('settings.get', {})).lockOnSuspend).toBe(!before);

    // A bad number is refused beside the field and nothing is saved.
    await idle.fill('99999');
    await idle.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Use a whole number from 0 to 1440.');
    expect((await app.call('settings.get', {})).autoLockMinutes).toBe(12);
    expect(app.problems).toEqual([]);
  });

  it('an empty vault offers one primary New credential and Import, and no filters; the tags dialog starts at its first field', async () => {
    app = await launch({ vault: 'unlocked' });
    const { page } = app;
    await expect.poll(() => page.getByText('Your vault is empty.').isVisible()).toBe(true);
    expect(await page.locator('button.primary').allTextContents()).toEqual(['New credential']);
    expect(await page.getByRole('button', { name: 'Import' }).isVisible()).toBe(true);
    expect(await page.getByRole('combobox', { name: 'Environment' }).count()).toBe(0);
    expect(await page.getByRole('main').count()).toBe(1);

    await app.call('credentials.create', { fields: { name: 'a/one', tags: ['first-tag', 'second-tag'] }, value: { kind: 'text', value: 'value_one_for_tags' } });
    await expectCount(page, 1);
    await nav(page).getByRole('button', { name: 'Rename or merge tags' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rename or merge tags' });
    await expect.poll(() => isFocused(dialog.getByLabel('New name for tag first-tag'))).toBe(true);
    expect(app.problems).toEqual([]);
  });

  it('a throttled unlock says the wait once, and the button does not repeat it', async () => {
    app = await launch({ vault: 'locked' });
    const { page } = app;
    const password = page.getByLabel('Master password');
    const wait = page.getByRole('timer');
    for (let i = 0; i < 12 && (await wait.count()) === 0; i++) {
      await expect.poll(() => password.isEnabled()).toBe(true);
      await password.fill(`wrong guess ${i}`);
      await password.press('Enter');
      await expect.poll(async () => (await page.getByRole('alert').count()) + (await wait.count())).toBeGreaterThan(0);
    }
    await expect.poll(() => wait.textContent()).toMatch(/^\d+ wrong attempts?: try again in .+\.$/);
    const text = await page.locator('.gate-card').innerText();
    expect(text.match(/try again|wait/gi)?.length).toBe(1);
    expect(await page.getByRole('button', { name: 'Unlock' }).isDisabled()).toBe(true);
    expect(await password.getAttribute('aria-describedby')).toBe(await wait.getAttribute('id'));
    expect(app.problems).toEqual([]);
  });
});
