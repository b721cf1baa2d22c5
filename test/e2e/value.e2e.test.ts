// The secret value in the detail pane: masked by default, revealed for a few seconds (then gone from
// the DOM), and copied in main (the test platform's clipboard receives it, the page never shows it)
// with a countdown until the clipboard clears. Browser time runs on Playwright's fake clock, main's
// on the fake platform clock, so every wait here is a jump, not a sleep.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appPerTest, type RunningApp } from './harness.ts';
import { catalogue, idOf, leaked, leakedInHeap, select, seedCatalogue } from './support.ts';

let app: RunningApp | undefined;
const launch = appPerTest();

function valueOf(name: string): string {
  const k = catalogue(Date.now()).find((c) => c.fields.name === name);
  if (!k) throw new Error(`no catalogue entry ${name}`);
  return k.value;
}

/**
 * Watches every DOM change from now on and remembers whether `value` ever appeared in the document
 * (markup, text or attributes), however briefly.
 */
async function watchFor(page: Page, value: string): Promise<() => Promise<boolean>> {
  await page.evaluate((v) => {
    const w = window as unknown as { __seen?: boolean };
    w.__seen = document.documentElement.outerHTML.includes(v);
    new MutationObserver(() => {
      if (document.documentElement.outerHTML.includes(v)) w.__seen = true;
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  }, value);
  return () => page.evaluate(() => (window as unknown as { __seen?: boolean }).__seen === true);
}

describe('the secret value', () => {
  it('reveals the value on request and removes it from the DOM after the hide delay', async () => {
    app = await launch({ vault: 'unlocked', seed: seedCatalogue, clock: true });
    const { page } = app;
    const value = valueOf('stripe/prod');
    await select(page, 'stripe/prod');
    // From here the browser's time moves only when the test says so.
    await page.clock.pauseAt(Date.now() + 1000);
    const revealed = page.getByTestId('revealed-value');

    // Masked by default: the value is nowhere in the page.
    expect(await leaked(page, [value])).toEqual([]);
    expect(await page.locator('.value.masked').textContent()).toBe('••••••••');

    await page.getByRole('button', { name: 'Reveal value' }).click();
    await expect.poll(() => revealed.textContent()).toBe(value);
    const hide = page.getByRole('button', { name: 'Hide value' });
    await expect.poll(() => hide.textContent()).toBe('Hide (10 s)');
    const id = await idOf(app, 'stripe/prod');
    expect((await app.call('audit.list', { credentialId: id, action: 'reveal' })).entries).toHaveLength(1);

    // Still shown before the delay is over, with the countdown running.
    await page.clock.fastForward(6_000);
    await expect.poll(() => hide.textContent()).toBe('Hide (4 s)');
    expect(await revealed.textContent()).toBe(value);

    // After the delay: masked again, and the value is gone from the DOM.
    await page.clock.fastForward(4_500);
    await expect.poll(() => revealed.count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Reveal value' }).isVisible()).toBe(true);
    expect(await leaked(page, [value])).toEqual([]);
    expect(await leakedInHeap(page, [value])).toEqual([]);

    // Hide at once on request, and on selecting another credential.
    await page.getByRole('button', { name: 'Reveal value' }).click();
    await expect.poll(() => revealed.textContent()).toBe(value);
    await hide.click();
    await expect.poll(() => revealed.count()).toBe(0);
    await page.getByRole('button', { name: 'Reveal value' }).click();
    await expect.poll(() => revealed.textContent()).toBe(value);
    await select(page, 'stripe/sandbox');
    expect(await revealed.count()).toBe(0);
    expect(await leaked(page, [value, valueOf('stripe/sandbox')])).toEqual([]);
    expect(app.problems).toEqual([]);
  });

  it('copies in main: the clipboard gets the value, the page never shows it, a countdown runs until it clears', async () => {
    app = await launch({ vault: 'unlocked', seed: seedCatalogue, clock: true });
    const { page, platform } = app;
    const value = valueOf('github/release-bot');
    await select(page, 'github/release-bot');
    await page.clock.pauseAt(Date.now() + 1000);
    const seen = await watchFor(page, value);
    expect(platform.clipboard.writes).toEqual([]);

    await page.getByRole('button', { name: 'Copy value' }).click();

    // The test platform's clipboard has the value, marked to stay out of clipboard history.
    await expect.poll(() => platform.clipboard.text).toBe(value);
    expect(platform.clipboard.excluded).toBe(true);
    expect(platform.clipboard.writes).toHaveLength(1);

    // The countdown shows on the button and in the clipboard chip (default: clears after 30 s); the
    // notice announces it once, politely, and the chip's countdown is not a live region.
    const copy = page.locator('.value-button.copy');
    await expect.poll(() => copy.getAttribute('aria-label')).toMatch(/^Copied · 30 s, copy value again \(clipboard clears in 30 s\)$/);
    expect(await copy.textContent()).toMatch(/^Copied · 30 s$/);
    const toasts = page.getByRole('status', { name: 'Notifications' });
    await expect.poll(() => toasts.textContent()).toMatch(/Copied github\/release-bot\. Clipboard clears in 30 s\./);
    const chip = page.getByRole('timer', { name: 'Clipboard' });
    await expect.poll(() => chip.textContent()).toMatch(/github\/release-bot.*Clipboard clears in 30 s/);
    expect(await chip.getAttribute('aria-live')).toBe('off');

    // The countdown follows the browser's clock.
    await page.clock.fastForward(10_000);
    await expect.poll(() => copy.getAttribute('aria-label')).toMatch(/^Copied · 20 s, copy value again \(clipboard clears in 20 s\)$/);
    await expect.poll(() => chip.textContent()).toMatch(/Clipboard clears in 20 s/);

    // main clears the clipboard when its (platform) timer runs out, and the countdown goes away.
    await platform.advance(30_000);
    expect(platform.clipboard.text).toBe('');
    expect(platform.clipboard.clears).toBe(1);
    await expect.poll(() => copy.getAttribute('aria-label')).toBe('Copy value');
    expect(await copy.textContent()).toBe('Copy');
    await expect.poll(() => chip.count()).toBe(0);

    // Not once did the value appear in the page, and the copy is on the audit trail.
    expect(await seen()).toBe(false);
    expect(await leaked(page, [value])).toEqual([]);
    const id = await idOf(app, 'github/release-bot');
    const copies = (await app.call('audit.list', { credentialId: id, action: 'copy' })).entries;
    expect(copies.map((e) => e.result)).toEqual(['ok']);
    expect(app.problems).toEqual([]);
  });
});
