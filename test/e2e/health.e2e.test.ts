// The Needs-attention view in Chromium: the health report grouped by severity, the incident
// checklist ticked and kept across a lock, links to the credential, and never a value on the page.
import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPerTest, E2E_PASSWORD, type RunningApp } from './harness.ts';
import { catalogue, detailTitle, idOf, nav, seedCatalogue } from './support.ts';

let app: RunningApp | undefined;
const launch = appPerTest();

describe('Needs attention (health report)', () => {
  it('groups findings by severity, keeps the checklist ticks and shows no value', async () => {
    app = await launch({
      vault: 'unlocked',
      seed: async (ctx) => {
        await seedCatalogue(ctx);
        const list = await ctx.call('credentials.list', { scope: 'all' });
        const stripe = list.items.find((c) => c.name === 'stripe/prod')!;
        await ctx.call('credentials.setStatus', { id: stripe.id, status: 'compromised' });
        await ctx.call('credentials.create', { fields: { name: 'github/copy' }, value: { kind: 'text', value: catalogue(0)[2]!.value } });
      },
    });
    const { page } = app;
    await nav(page).getByRole('button', { name: /^Needs attention/ }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Needs attention' }).isVisible()).toBe(true);

    const group = (name: string) => page.getByRole('region', { name: new RegExp(`^${name}`) });
    await expect.poll(() => group('Critical').textContent()).toContain('stripe/prod');
    expect(await group('Critical').textContent()).toContain('Compromised: 4 of 4 incident steps still open');
    expect(await group('High').textContent()).toMatch(/github\/copy.*Same value as github\/release-bot/);
    expect(await group('Medium').textContent()).toContain('aws/terraform');
    expect(await group('Medium').textContent()).toContain('Expires in 5 days');
    // The sidebar counts the report's findings.
    const findings = (await app.call('health.report', {})).findings.length;
    await expect.poll(() => nav(page).getByRole('button', { name: /^Needs attention/ }).textContent()).toBe(`Needs attention${findings}`);

    const revoke = group('Critical').getByRole('checkbox', { name: /Revoke the key at the provider/ });
    await revoke.check();
    await expect.poll(() => group('Critical').textContent()).toContain('3 of 4 incident steps still open');
    const stripeId = await idOf(app, 'stripe/prod');
    const stored = (await app.call('health.report', {})).findings.find((f) => f.credentialId === stripeId && f.kind === 'compromised');
    expect(stored?.checklist?.find((c) => c.step === 'revoke')?.doneAt).not.toBeNull();

    const html = await page.content();
    for (const k of catalogue(0)) expect(html).not.toContain(k.value);

    // Kept across a lock.
    await page.keyboard.press('Control+l');
    await page.getByLabel('Master password').fill(E2E_PASSWORD);
    await page.getByLabel('Master password').press('Enter');
    await nav(page).getByRole('button', { name: /^Needs attention/ }).click();
    await expect.poll(() => group('Critical').getByRole('checkbox', { name: /Revoke the key/ }).isChecked()).toBe(true);

    // A finding links to its credential.
    await group('High').getByRole('button', { name: 'github/copy' }).click();
    await expect.poll(() => detailTitle(page).textContent()).toBe('github/copy');
    expect(app.problems).toEqual([]);
  });

  it('runs a leak scan of the home folder from the view and lists where the key sits', async () => {
    app = await launch({ vault: 'unlocked', seed: seedCatalogue });
    const home = mkdtempSync(path.join(app.dir, 'home-'));
    writeFileSync(path.join(home, '.netrc'), `machine api.github.com\n  password ${catalogue(0)[2]!.value}\n`);
    app.platform.home = home;
    const { page } = app;
    await nav(page).getByRole('button', { name: /^Needs attention/ }).click();
    await page.getByRole('button', { name: 'Scan home folder' }).click();
    await expect.poll(() => page.getByRole('group', { name: 'Leak scan' }).getByRole('status').textContent()).toMatch(/1 stored value found/);
    const critical = page.getByRole('region', { name: /^Critical/ });
    await expect.poll(() => critical.textContent()).toContain('github/release-bot');
    expect(await critical.getByRole('list', { name: 'Where it was found' }).textContent()).toContain(`${path.join(home, '.netrc')}:2`);
    expect(await page.content()).not.toContain(catalogue(0)[2]!.value);
    expect(app.problems).toEqual([]);
  });

  it('says so when nothing needs attention', async () => {
    app = await launch({ vault: 'unlocked' });
    await nav(app.page).getByRole('button', { name: /^Needs attention/ }).click();
    await expect.poll(() => app!.page.getByText('Nothing needs attention.').isVisible()).toBe(true);
    expect(app.problems).toEqual([]);
  });
});
