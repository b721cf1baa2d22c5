// The whole main flow without a mouse: shortcuts, Tab, arrows and Enter reach the New credential
// form, the list, the detail pane and Copy. No click() in this file on purpose.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appPerTest, type RunningApp } from './harness.ts';
import { catalogue, expectCount, isFocused, option, search, seedCatalogue } from './support.ts';

let app: RunningApp | undefined;
const launch = appPerTest();

/** Presses Tab (or Shift+Tab) until `target` has focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, { back = false, max = 40 } = {}): Promise<number> {
  for (let n = 0; n <= max; n++) {
    if (await isFocused(target)) return n;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`focus never reached the target in ${max} presses`);
}

/** Whether the focused element draws a visible focus indicator (outline or box-shadow). */
function focusRing(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return false;
    const s = getComputedStyle(el);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  });
}

const selected = (page: Page) => page.getByRole('listbox', { name: 'Credentials' }).locator('[role="option"][aria-selected="true"] .row-name').textContent();

describe('keyboard only', () => {
  it('creates, finds, opens and copies a credential with shortcuts, Tab, arrows and Enter', async () => {
    app = await launch({ vault: 'unlocked', seed: seedCatalogue });
    const { page, platform } = app;
    await expectCount(page, 6);
    await expect.poll(() => isFocused(search(page))).toBe(true);

    // Ctrl+N opens the form with the name field focused; Tab walks the fields.
    await page.keyboard.press('Control+n');
    const dialog = page.getByRole('dialog', { name: 'New credential' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expect.poll(() => isFocused(dialog.getByLabel('Name'))).toBe(true);
    await page.keyboard.type('vercel/deploy');
    await page.keyboard.press('Tab');
    expect(await isFocused(dialog.getByLabel('Service'))).toBe(true);
    await page.keyboard.type('Vercel');
    await page.keyboard.press('Tab');
    expect(await isFocused(dialog.getByLabel('Environment'))).toBe(true);
    await page.keyboard.press('p'); // type-ahead in the closed select: "prod"
    expect(await dialog.getByLabel('Environment').inputValue()).toBe('prod');
    await tabTo(page, dialog.getByLabel('Tags'));
    await page.keyboard.type('frontend, deploy-keys');
    // Arrows move within the value-source radio group.
    await tabTo(page, dialog.getByRole('radio', { name: 'Generate' }));
    await page.keyboard.press('ArrowRight');
    expect(await dialog.getByRole('radio', { name: 'Paste or type' }).isChecked()).toBe(true);
    await tabTo(page, dialog.getByLabel('Secret value'));
    await page.keyboard.type('vercel_keyboard_only_value');
    await page.keyboard.press('Enter');

    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => option(page, 'vercel/deploy').getAttribute('aria-selected')).toBe('true');
    const created = (await app.call('credentials.list', { query: 'vercel/deploy' })).items[0]!;
    expect([created.environment, created.tags]).toEqual(['prod', ['frontend', 'deploy-keys']]);

    // Ctrl+F, type, ↓ into the list, arrows move the selection, Enter opens the detail.
    await page.keyboard.press('Control+f');
    expect(await isFocused(search(page))).toBe(true);
    await page.keyboard.type('stripe');
    await expectCount(page, 2);
    await page.keyboard.press('ArrowDown');
    const list = page.getByRole('listbox', { name: 'Credentials' });
    expect(await isFocused(list)).toBe(true);
    expect(await focusRing(page)).toBe(true);
    await expect.poll(() => selected(page)).toBe('stripe/prod');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => selected(page)).toBe('stripe/sandbox');
    expect(await list.getAttribute('aria-activedescendant')).toBe(await option(page, 'stripe/sandbox').getAttribute('id'));
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => selected(page)).toBe('stripe/prod');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('detail-title');
    expect(await page.locator('#detail-title').textContent()).toBe('stripe/prod');

    // Tab from the title reaches Copy; Enter copies.
    const copy = page.getByRole('button', { name: 'Copy value' });
    await tabTo(page, copy, { max: 10 });
    expect(await focusRing(page)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => platform.clipboard.text).toBe(catalogue(0)[0]!.value);

    // Back to the list; Esc clears the search, End jumps to the last row, Ctrl+C copies it.
    await page.keyboard.press('Control+f');
    await page.keyboard.press('Escape');
    await expectCount(page, 7);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await expect.poll(() => selected(page)).toBe('vercel/deploy');
    await page.keyboard.press('Control+c');
    await expect.poll(() => platform.clipboard.text).toBe('vercel_keyboard_only_value');
    expect(platform.clipboard.writes).toHaveLength(2);
    // Electron's Edit menu may take Ctrl+C first and run the browser's copy command instead: the
    // page's copy event copies the selected value through main just the same (once).
    await page.evaluate(() => document.execCommand('copy'));
    await expect.poll(() => platform.clipboard.writes.length).toBe(3);
    expect(platform.clipboard.writes[2]!.text).toBe('vercel_keyboard_only_value');

    // "?" lists the shortcuts; Esc closes the overlay and focus goes back to the list.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => help.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => help.isVisible()).toBe(false);
    expect(await isFocused(list)).toBe(true);
    expect(app.problems).toEqual([]);
  });
});
