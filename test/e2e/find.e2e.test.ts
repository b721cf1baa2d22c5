// Finding credentials: search as you type (name, service, tags, notes) and the sidebar's tag filter.
import { describe, expect, it } from 'vitest';
import { appPerTest, type RunningApp } from './harness.ts';
import { catalogue, expectCount, isFocused, nav, rowNames, search, seedCatalogue } from './support.ts';

let app: RunningApp | undefined;
const launch = appPerTest();

const byName = (a: string, b: string) => a.localeCompare(b);

/** What the issue asks search to match: a case-insensitive substring of name, service, tags or notes. */
function expected(now: number, query: string, tag?: string): string[] {
  const q = query.toLowerCase();
  return catalogue(now)
    .filter(({ fields: f }) => (tag === undefined || (f.tags ?? []).includes(tag))
      && [f.name, f.service ?? '', ...(f.tags ?? []), f.notes ?? ''].some((s) => s.toLowerCase().includes(q)))
    .map((k) => k.fields.name)
    .sort(byName);
}

describe('finding credentials', () => {
  it('filters the list as each character is typed, across name, service, tags and notes', async () => {
    app = await launch({ vault: 'unlocked', seed: seedCatalogue });
    const { page } = app;
    const now = app.platform.now();
    await expectCount(page, 6);
    await expect.poll(() => isFocused(search(page))).toBe(true);

    // Character by character, without Enter: after every keystroke the list is the filtered one.
    let typed = '';
    const seen: number[] = [];
    for (const ch of 'strip') {
      await page.keyboard.type(ch);
      typed += ch;
      const want = expected(now, typed);
      await expectCount(page, want.length);
      await expect.poll(() => rowNames(page)).toEqual(want);
      seen.push(want.length);
    }
    // The query really narrowed along the way (6 → ... → 2), so this checked more than one state.
    expect(seen[0]).toBeGreaterThan(seen.at(-1)!);
    await expect.poll(() => rowNames(page)).toEqual(['stripe/prod', 'stripe/sandbox']);

    // Each field is searched, case-insensitively.
    for (const [query, names] of [
      ['OPENAI', ['openai/research']], // service (and name)
      ['email-deliv', ['sendgrid/mailer']], // tag
      ['nightly release', ['github/release-bot']], // notes
      ['terraform', ['aws/terraform']], // name only
    ] as const) {
      await search(page).fill(query);
      await expectCount(page, names.length);
      await expect.poll(() => rowNames(page)).toEqual(names);
    }

    // A miss says so; Esc clears the search and everything is back.
    await search(page).fill('no-such-credential');
    await expect.poll(() => page.getByText("No credential matches 'no-such-credential'").isVisible()).toBe(true);
    await expect.poll(() => rowNames(page)).toEqual([]);
    await search(page).press('Escape');
    await expect.poll(() => search(page).inputValue()).toBe('');
    await expectCount(page, 6);
    expect(app.problems).toEqual([]);
  });

  it('filters by tag from the sidebar, with counts, and combines with search', async () => {
    app = await launch({ vault: 'unlocked', seed: seedCatalogue });
    const { page } = app;
    const now = app.platform.now();
    await expectCount(page, 6);
    const tagButton = (tag: string) => nav(page).getByRole('list', { name: 'Tags' }).getByRole('button', { name: new RegExp(`^${tag} \\d+$`) });

    // Counts per tag, as the sidebar shows them.
    await expect.poll(() => tagButton('payments').textContent()).toBe('payments2');
    expect(await tagButton('backend').textContent()).toBe('backend2');
    expect(await tagButton('release-pipeline').textContent()).toBe('release-pipeline2');
    expect(await tagButton('infrastructure').textContent()).toBe('infrastructure1');

    for (const tag of ['payments', 'release-pipeline', 'infrastructure']) {
      await tagButton(tag).click();
      const want = expected(now, '', tag);
      await expectCount(page, want.length);
      await expect.poll(() => rowNames(page)).toEqual(want);
      expect(await tagButton(tag).getAttribute('aria-current')).toBe('page');
      expect(await nav(page).getByRole('button', { name: /^All credentials/ }).getAttribute('aria-current')).toBeNull();
    }

    // Tag and search together.
    await tagButton('backend').click();
    await expectCount(page, 2);
    await search(page).fill('mail');
    await expectCount(page, 1);
    await expect.poll(() => rowNames(page)).toEqual(expected(now, 'mail', 'backend'));
    await search(page).fill('');

    // "All credentials" drops the tag filter.
    await nav(page).getByRole('button', { name: /^All credentials/ }).click();
    await expectCount(page, 6);
    expect(await nav(page).getByRole('button', { name: /^All credentials/ }).getAttribute('aria-current')).toBe('page');
    expect(await tagButton('backend').getAttribute('aria-current')).toBeNull();
    expect(app.problems).toEqual([]);
  });
});
