// The checks that keep the look where it is, on a 50-credential vault plus the known catalogue:
// axe-core finds no serious or critical violation on any screen (both themes), and at 800×600,
// 1280×800 and 1600×1000 in both themes no text is cut off except by an ellipsis with the full
// text in a tooltip, no control is outside the window, and no badges overlap.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appPerTest, type RunningApp } from './harness.ts';
import { axeViolations, layoutProblems } from './checks.ts';
import { detailTitle, expectCount, listbox, nav, option, seedCatalogue, select } from './support.ts';

let app: RunningApp | undefined;
const launch = appPerTest();

const THEMES = ['light', 'dark'] as const;
const SIZES = [
  { width: 800, height: 600 },
  { width: 1280, height: 800 },
  { width: 1600, height: 1000 },
] as const;

type Check = (screen: string) => Promise<void>;

async function openDialog(page: Page, open: () => Promise<void>, name: string | RegExp): Promise<void> {
  await open();
  await expect.poll(() => page.getByRole('dialog', { name }).isVisible()).toBe(true);
}

async function closeDialog(page: Page, name: string | RegExp): Promise<void> {
  await page.keyboard.press('Escape');
  await expect.poll(() => page.getByRole('dialog', { name }).count()).toBe(0);
}

/** Walks every screen of the unlocked app, running `check` on each. */
async function everyScreen(page: Page, check: Check): Promise<void> {
  const narrow = page.viewportSize()!.width < 900;
  await expectCount(page, 55);
  await select(page, 'aws/terraform');
  await check('main view');

  await option(page, 'aws/terraform').click({ button: 'right' });
  await expect.poll(() => page.getByRole('menu', { name: 'Actions for aws/terraform' }).isVisible()).toBe(true);
  await check('row context menu');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Reveal value' }).click();
  await page.getByRole('button', { name: 'Copy value' }).click();
  await expect.poll(() => page.getByRole('timer', { name: 'Clipboard' }).count()).toBe(1);
  await check('revealed value, clipboard chip and a toast');
  await page.getByRole('button', { name: 'Hide value' }).click();

  await openDialog(page, () => page.keyboard.press('Control+n'), 'New credential');
  await page.getByRole('dialog', { name: 'New credential' }).getByRole('button', { name: 'Add credential' }).click();
  await expect.poll(() => page.getByText('Fix the marked fields.').isVisible()).toBe(true);
  await check('new credential, refused');
  await closeDialog(page, 'New credential');

  await openDialog(page, () => page.getByRole('button', { name: 'Edit', exact: true }).click(), 'Edit aws/terraform');
  await check('edit credential');
  await closeDialog(page, 'Edit aws/terraform');

  await openDialog(page, () => page.getByRole('button', { name: 'Rotate', exact: true }).click(), /^Rotate/);
  await check('rotate');
  await closeDialog(page, /^Rotate/);

  await openDialog(page, () => page.getByRole('main').getByRole('button', { name: 'Share', exact: true }).click(), 'New share bundle');
  await check('new share bundle');
  await closeDialog(page, 'New share bundle');

  await listbox(page).focus();
  await openDialog(page, () => page.keyboard.press('?'), 'Keyboard shortcuts');
  await check('shortcuts');
  await closeDialog(page, 'Keyboard shortcuts');

  if (narrow) {
    await nav(page).getByRole('button', { name: 'Tags and environments' }).click();
    await expect.poll(() => page.getByRole('group', { name: 'Tags and environments' }).isVisible()).toBe(true);
    await check('tags popover');
    await page.getByRole('group', { name: 'Tags and environments' }).getByRole('button', { name: /^payments/ }).click();
  } else {
    await openDialog(page, () => nav(page).getByRole('button', { name: 'Rename or merge tags' }).click(), 'Rename or merge tags');
    await check('rename tags');
    await closeDialog(page, 'Rename or merge tags');
    await nav(page).getByRole('button', { name: /^payments/ }).click();
  }
  await expect.poll(() => detailTitle(page).textContent()).not.toBe('');
  await check('a tag view');

  await nav(page).getByRole('button', { name: /^Needs attention/ }).click();
  await check('needs attention');

  await nav(page).getByRole('button', { name: /^All credentials/ }).click();
  await page.getByRole('searchbox', { name: 'Search credentials' }).fill('no such thing at all');
  await expect.poll(() => page.getByText("No credential matches 'no such thing at all'").isVisible()).toBe(true);
  await check('empty search');
  await page.getByRole('searchbox', { name: 'Search credentials' }).fill('');

  await nav(page).getByRole('button', { name: /^Trash/ }).click();
  await expectCount(page, 1);
  await check('trash');

  await nav(page).getByRole('button', { name: 'Audit log' }).click();
  await expect.poll(() => page.getByRole('table', { name: 'Audit entries' }).isVisible()).toBe(true);
  await check('audit log');

  await nav(page).getByRole('button', { name: 'Share' }).click();
  await expect.poll(() => page.getByTestId('own-fingerprint').isVisible()).toBe(true);
  await check('share');

  await nav(page).getByRole('button', { name: 'Settings' }).click();
  await expect.poll(() => page.getByLabel('Memory (MiB)').isVisible()).toBe(true);
  await check('settings');
  await nav(page).getByRole('button', { name: /^All credentials/ }).click();
}

/** The vault: the catalogue, 50 generated credentials, and one in the trash. */
async function start(opts: { viewport?: { width: number; height: number } } = {}): Promise<RunningApp> {
  return launch({
    vault: 'unlocked', credentials: 50, reducedMotion: 'reduce', ...opts,
    async seed(ctx) {
      await seedCatalogue(ctx);
      const list = await ctx.call('credentials.list', { scope: 'all', query: 'openai/research' });
      await ctx.call('credentials.trash', { id: list.items[0]!.id });
    },
  });
}

describe('accessibility (axe-core)', () => {
  it('every screen of the unlocked app, in both themes, has no serious or critical violation', async () => {
    app = await start();
    const { page } = app;
    const found: string[] = [];
    for (const theme of THEMES) {
      await page.emulateMedia({ colorScheme: theme });
      await everyScreen(page, async (screen) => {
        for (const v of await axeViolations(page)) found.push(`${theme} · ${screen}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(' ')}`);
      });
    }
    expect(found).toEqual([]);
    expect(app.problems).toEqual([]);
  });

  it('first run, the empty vault, and the unlock screen with an error, in both themes', async () => {
    app = await launch({ reducedMotion: 'reduce' });
    const { page } = app;
    const found: string[] = [];
    const check = async (screen: string) => {
      for (const theme of THEMES) {
        await page.emulateMedia({ colorScheme: theme });
        for (const v of await axeViolations(page)) found.push(`${theme} · ${screen}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(' ')}`);
      }
    };
    await expect.poll(() => page.getByRole('heading', { name: 'Create your Keyhold vault' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await check('first run, refused');
    await page.getByLabel('Master password', { exact: true }).fill(app.password);
    await page.getByLabel('Repeat master password').fill(app.password);
    await page.getByRole('checkbox', { name: /forgotten password means a lost vault/ }).check();
    await page.getByRole('button', { name: 'Create vault' }).click();
    await expect.poll(() => page.getByText('Your vault is empty.').isVisible()).toBe(true);
    await check('empty vault');
    expect(await layoutProblems(page)).toEqual([]);

    await page.keyboard.press('Control+l');
    await page.getByLabel('Master password').fill('not the password');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong password');
    await check('unlock, wrong password');
    expect(await layoutProblems(page)).toEqual([]);
    expect(found).toEqual([]);
  });
});

describe('layout at three window sizes, both themes', () => {
  for (const size of SIZES) {
    it(`${size.width}×${size.height}: nothing cut off without a tooltip, no control outside the window, no overlapping badges`, async () => {
      app = await start({ viewport: size });
      const { page } = app;
      const found: string[] = [];
      for (const theme of THEMES) {
        await page.emulateMedia({ colorScheme: theme });
        await everyScreen(page, async (screen) => {
          for (const p of await layoutProblems(page)) found.push(`${theme} · ${screen}: ${p}`);
        });
      }
      expect(found).toEqual([]);
      expect(app.problems).toEqual([]);
    });
  }

  it('the probe itself reports cut text, a control off-screen and overlapping badges', async () => {
    app = await start();
    const { page } = app;
    await expectCount(page, 55);
    // Break the page on purpose (the CSP allows no inline styles; CSSOM from evaluate is fine).
    await page.evaluate(() => {
      const cut = document.createElement('p');
      cut.textContent = 'a sentence far too long for its box';
      Object.assign(cut.style, { width: '40px', overflow: 'hidden', whiteSpace: 'nowrap' });
      const off = document.createElement('button');
      off.textContent = 'Off screen';
      Object.assign(off.style, { position: 'fixed', left: `${window.innerWidth + 10}px`, top: '10px' });
      document.body.append(cut, off);
      const badges = document.querySelector('[role="option"] .badge')?.parentElement;
      if (badges) badges.style.width = '4px';
    });
    const found = await layoutProblems(page);
    expect(found.some((p) => p.startsWith('text cut off without an ellipsis') && p.includes('a sentence far too long'))).toBe(true);
    expect(found.some((p) => p.startsWith('control outside the window horizontally') && p.includes('Off screen'))).toBe(true);
    expect(found.some((p) => p.startsWith('badge outside its cell') || p.startsWith('row cells overlap'))).toBe(true);
  });
});
