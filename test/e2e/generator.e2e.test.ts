// The generator preview in the New credential and Rotate dialogs (issue 13): a value generated in
// main as a draft, shown masked (prefix and a fixed mask) with Regenerate, a Reveal toggle and its
// entropy; the page holds no value unless the user reveals it, and saving commits exactly the
// drafted value. The test learns each draft's value from main directly (never through the page),
// so "the value was never in the DOM" is checked for values the page did not reveal too.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './checks.ts';
import { E2E_PASSWORD, appPerTest, type RunningApp } from './harness.ts';
import { expectCount, idOf, leaked, leakedInHeap, option, seedCatalogue, select } from './support.ts';

const launch = appPerTest();

/** Records the id of every draft main makes for the page, in order (the service is real; this only listens). */
function recordDrafts(app: RunningApp): string[] {
  const ids: string[] = [];
  const handle = app.service.handle.bind(app.service);
  app.service.handle = async (op, input, origin) => {
    const r = await handle(op, input, origin);
    if (op === 'generator.draft' && r.ok) ids.push((r.value as { draftId: string }).draftId);
    return r;
  };
  return ids;
}

let watchers = 0;
/** From now on, remembers which of `values` ever appeared in the document, however briefly. */
async function watchFor(page: Page, values: string[]): Promise<() => Promise<string[]>> {
  const slot = `__seen${++watchers}`;
  await page.evaluate(([key, vs]) => {
    const w = window as unknown as Record<string, string[]>;
    const html = () => document.documentElement.outerHTML;
    const seen = vs.filter((v) => html().includes(v));
    w[key] = seen;
    new MutationObserver(() => {
      const now = html();
      for (const v of vs) if (now.includes(v) && !seen.includes(v)) seen.push(v);
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  }, [slot, values] as const);
  return () => page.evaluate((key) => (window as unknown as Record<string, string[]>)[key] ?? [], slot);
}

async function draftValue(app: RunningApp, draftId: string | undefined): Promise<string> {
  if (!draftId) throw new Error('no draft was made');
  return (await app.call('generator.reveal', { draftId })).value;
}

describe('generator preview', () => {
  it('New credential: masked preview, Regenerate, reveal and entropy; saves the drafted value; no value in the DOM while masked', async () => {
    const app = await launch({ vault: 'unlocked', seed: seedCatalogue });
    const { page } = app;
    const drafts = recordDrafts(app);
    await expectCount(page, 6);
    await page.getByRole('button', { name: 'New credential' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New credential' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel('Name').fill('stripe/prod'); // taken: the first save is refused
    await dialog.getByLabel('Length').fill('32');
    await dialog.getByLabel('Alphabet').selectOption('hex');
    await dialog.getByLabel('Prefix').fill('tok_');

    const preview = dialog.getByRole('group', { name: 'Generated value' });
    const masked = preview.locator('.draft-masked');
    const reveal = preview.getByRole('button', { name: 'Reveal generated value' });
    const shown = preview.getByTestId('draft-value');
    // The draft for the settled options: its masked preview and main's entropy figure.
    await expect.poll(() => masked.textContent(), { timeout: 30_000 }).toBe('tok_••••••••');
    await expect.poll(() => reveal.isEnabled(), { timeout: 30_000 }).toBe(true);
    expect(await dialog.locator('.entropy').textContent()).toBe('Entropy: 128 bits');
    const first = await draftValue(app, drafts.at(-1));
    expect(first).toMatch(/^tok_[0-9a-f]{32}$/);
    // Masked, the value is neither in the DOM nor anywhere in the page's memory (checked before
    // the watcher below hands the page the string to look for).
    expect(await leaked(page, [first.slice(4)])).toEqual([]);
    expect(await leakedInHeap(page, [first.slice(4)])).toEqual([]);
    const seen = await watchFor(page, [first.slice(4)]);

    // Regenerate: a new draft replaces the old one in main; still masked.
    const before = drafts.length;
    await preview.getByRole('button', { name: 'Regenerate' }).click();
    await expect.poll(() => drafts.length, { timeout: 30_000 }).toBe(before + 1);
    await expect.poll(() => reveal.isEnabled(), { timeout: 30_000 }).toBe(true);
    const secondId = drafts.at(-1);
    const second = await draftValue(app, secondId);
    expect(second).toMatch(/^tok_[0-9a-f]{32}$/);
    expect(second).not.toBe(first);
    const gone = await app.service.handle('generator.reveal', { draftId: drafts.at(-2) });
    expect(gone.ok ? 'ok' : gone.error.code).toBe('NOT_FOUND');
    expect(await masked.textContent()).toBe('tok_••••••••');
    // The mask looks the same: screen readers are told once that the value changed.
    await expect.poll(() => preview.getByRole('status').textContent(), { timeout: 30_000 }).toBe('A new value was generated.');
    const seenSecond = await watchFor(page, [second.slice(4)]);
    expect(await leaked(page, [first.slice(4), second.slice(4)])).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);

    // Reveal shows exactly the drafted value, with a countdown; Hide takes it out of the DOM.
    await reveal.click();
    await expect.poll(() => shown.textContent(), { timeout: 30_000 }).toBe(second);
    const hide = preview.getByRole('button', { name: 'Hide generated value' });
    expect(await hide.textContent()).toMatch(/^Hide \(\d+ s\)$/);
    expect(await axeViolations(page)).toEqual([]);
    await hide.click();
    await expect.poll(() => shown.count()).toBe(0);
    expect(await leaked(page, [second.slice(4)])).toEqual([]);

    // A refused save (the name is taken) keeps the same draft: fixing the name saves that value.
    await dialog.getByRole('button', { name: 'Add credential' }).click();
    await expect.poll(() => dialog.getByText('A credential named stripe/prod already exists').isVisible(), { timeout: 30_000 }).toBe(true);
    await dialog.getByLabel('Name').fill('gen/preview');
    await dialog.getByRole('button', { name: 'Add credential' }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 30_000 }).toBe(false);
    await expect.poll(() => option(page, 'gen/preview').getAttribute('aria-selected')).toBe('true');

    // Stored: the revealed draft, with its recipe; the draft is used up.
    const id = await idOf(app, 'gen/preview');
    expect((await app.call('credentials.reveal', { id })).value).toBe(second);
    expect((await app.call('credentials.get', { id })).generator).toEqual({ length: 32, alphabet: 'hex', prefix: 'tok_' });
    const used = await app.service.handle('generator.reveal', { draftId: secondId });
    expect(used.ok ? 'ok' : used.error.code).toBe('NOT_FOUND');
    // The first value was never in the page; the second only while revealed. Revealing it from the detail shows the same.
    expect(await seen()).toEqual([]);
    expect(await seenSecond()).toEqual([second.slice(4)]);
    await page.getByRole('button', { name: 'Reveal value' }).click();
    await expect.poll(() => page.getByTestId('revealed-value').textContent(), { timeout: 30_000 }).toBe(second);
    await page.getByRole('button', { name: 'Hide value' }).click();
    await expect.poll(() => page.getByTestId('revealed-value').count()).toBe(0);
    expect(app.problems).toEqual([]);
  });

  it('Rotate: starts from the remembered recipe, commits the revealed draft; a lock drops the dialog and the draft', async () => {
    const app = await launch({ vault: 'unlocked', seed: seedCatalogue });
    const { page } = app;
    const drafts = recordDrafts(app);
    const id = await idOf(app, 'stripe/sandbox');
    await app.call('credentials.rotate', { id, value: { kind: 'generate', options: { length: 24, alphabet: 'alphanumeric', prefix: 'sk_test_' } }, reason: 'setup' });
    await select(page, 'stripe/sandbox');
    await page.getByRole('button', { name: 'Rotate', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate stripe/sandbox' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // The recipe the value was generated with.
    expect(await dialog.getByLabel('Length').inputValue()).toBe('24');
    expect(await dialog.getByLabel('Alphabet').inputValue()).toBe('alphanumeric');
    expect(await dialog.getByLabel('Prefix').inputValue()).toBe('sk_test_');
    const preview = dialog.getByRole('group', { name: 'Generated new value' });
    const reveal = preview.getByRole('button', { name: 'Reveal generated value' });
    await expect.poll(() => preview.locator('.draft-masked').textContent(), { timeout: 30_000 }).toBe('sk_test_••••••••');
    await expect.poll(() => reveal.isEnabled(), { timeout: 30_000 }).toBe(true);
    expect(await dialog.locator('.entropy').textContent()).toBe('Entropy: 142 bits');
    await reveal.click();
    const value = await preview.getByTestId('draft-value').textContent({ timeout: 30_000 });
    expect(value).toMatch(/^sk_test_[A-Za-z0-9]{24}$/);
    expect(value).toBe(await draftValue(app, drafts.at(-1)));
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByLabel('Reason').fill('Quarterly rotation');
    await dialog.getByRole('button', { name: 'Rotate', exact: true }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 30_000 }).toBe(false);
    expect((await app.call('credentials.reveal', { id })).value).toBe(value);
    expect((await app.call('credentials.history', { id }))[0]?.reason).toBe('Quarterly rotation');

    // Another rotation, revealed, then the vault locks: the dialog and the value leave the page,
    // and main has dropped the draft.
    await page.getByRole('button', { name: 'Rotate', exact: true }).click();
    await expect.poll(() => reveal.isEnabled(), { timeout: 30_000 }).toBe(true);
    await reveal.click();
    const pending = await preview.getByTestId('draft-value').textContent({ timeout: 30_000 });
    const pendingId = drafts.at(-1);
    await app.call('vault.lock', {});
    await expect.poll(() => page.getByLabel('Master password').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await dialog.count()).toBe(0);
    expect(await leaked(page, [pending ?? 'missing'])).toEqual([]);
    await app.call('vault.unlock', { password: E2E_PASSWORD });
    const dropped = await app.service.handle('generator.reveal', { draftId: pendingId });
    expect(dropped.ok ? 'ok' : dropped.error.code).toBe('NOT_FOUND');
    expect((await app.call('credentials.reveal', { id })).value).toBe(value);
    expect(app.problems).toEqual([]);
  });
  it('a draft that expired unseen is replaced silently on save; one the user revealed is not, and says to regenerate', async () => {
    const app = await launch({ vault: 'unlocked', seed: seedCatalogue, clock: true });
    const { page, platform } = app;
    await app.call('settings.set', { autoLockMinutes: 0 }); // only the draft's own 15 minutes apply
    const drafts = recordDrafts(app);
    const later = async () => {
      await page.clock.fastForward(16 * 60_000);
      await platform.jump(16 * 60_000);
    };
    await page.getByRole('button', { name: 'New credential' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New credential' });
    const preview = dialog.getByRole('group', { name: 'Generated value' });
    const reveal = preview.getByRole('button', { name: 'Reveal generated value' });
    await dialog.getByLabel('Name').fill('gen/unseen');
    await expect.poll(() => reveal.isEnabled(), { timeout: 30_000 }).toBe(true);
    const unseen = drafts.at(-1);
    await later();
    await dialog.getByRole('button', { name: 'Add credential' }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 30_000 }).toBe(false);
    const saved = await app.call('credentials.reveal', { id: await idOf(app, 'gen/unseen') });
    expect(drafts.at(-1)).not.toBe(unseen);
    expect(saved.value).toMatch(/^[A-Za-z0-9_-]{40}$/);

    await page.getByRole('button', { name: 'New credential' }).first().click();
    await dialog.getByLabel('Name').fill('gen/seen');
    await expect.poll(() => reveal.isEnabled(), { timeout: 30_000 }).toBe(true);
    await reveal.click();
    await expect.poll(() => preview.getByTestId('draft-value').count(), { timeout: 30_000 }).toBe(1);
    await preview.getByRole('button', { name: 'Hide generated value' }).click();
    await later();
    await dialog.getByRole('button', { name: 'Add credential' }).click();
    await expect.poll(() => dialog.getByText('The generated value you revealed has expired unsaved. Press Regenerate for a new one.').isVisible(), { timeout: 30_000 }).toBe(true);
    expect((await app.call('credentials.list', { query: 'gen/seen' })).total).toBe(0);
    await preview.getByRole('button', { name: 'Regenerate' }).click();
    await expect.poll(() => reveal.isEnabled(), { timeout: 30_000 }).toBe(true);
    await reveal.click();
    const fresh = await preview.getByTestId('draft-value').textContent({ timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Add credential' }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 30_000 }).toBe(false);
    expect((await app.call('credentials.reveal', { id: await idOf(app, 'gen/seen') })).value).toBe(fresh);

    // Cancel drops the dialog's draft in main at once.
    await page.getByRole('button', { name: 'New credential' }).first().click();
    await expect.poll(() => reveal.isEnabled(), { timeout: 30_000 }).toBe(true);
    const cancelled = drafts.at(-1);
    expect((await app.service.handle('generator.reveal', { draftId: cancelled })).ok).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(async () => {
      const r = await app.service.handle('generator.reveal', { draftId: cancelled });
      return r.ok ? 'ok' : r.error.code;
    }, { timeout: 30_000 }).toBe('NOT_FOUND');
    expect(app.problems).toEqual([]);
  });
});
