// First run and the credential form, in Chromium against the real application service: creating the
// vault (with its validation), and adding three credentials with tags through the New credential form.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appPerTest, type RunningApp } from './harness.ts';
import { expectCount, isFocused, nav, option, rowNames, rowTags, search } from './support.ts';

let app: RunningApp | undefined;
const launch = appPerTest();

describe('first run and the credential form', () => {
  it('creates a vault only with a long, repeated, acknowledged password', async () => {
    app = await launch();
    const { page } = app;
    await expect.poll(() => page.getByRole('heading', { name: 'Create your Keyhold vault' }).isVisible()).toBe(true);
    const pw = page.getByLabel('Master password', { exact: true });
    const pw2 = page.getByLabel('Repeat master password');
    const create = page.getByRole('button', { name: 'Create vault' });
    const meter = page.getByRole('meter', { name: 'Password strength' });

    // The meter follows what is typed.
    expect(await meter.getAttribute('aria-valuenow')).toBe('0');
    await pw.fill('short');
    await expect.poll(() => meter.getAttribute('aria-valuetext')).not.toBe('Empty');
    await create.click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Use at least 8 characters.');

    await pw.fill(app.password);
    expect(Number(await meter.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(3);
    await pw2.fill(`${app.password}!`);
    await create.click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The two passwords differ');

    await pw2.fill(app.password);
    await create.click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('cannot be recovered');
    // Nothing was created while the form refused.
    expect(existsSync(app.vaultPath)).toBe(false);

    await page.getByRole('checkbox', { name: /forgotten password means a lost vault/ }).check();
    await create.click();

    // The empty vault opens with the search focused; the file exists and the service agrees.
    await expect.poll(() => page.getByText('Your vault is empty.', { exact: false }).isVisible()).toBe(true);
    await expect.poll(() => isFocused(search(page))).toBe(true);
    expect(existsSync(app.vaultPath)).toBe(true);
    expect((await app.call('vault.status', {})).state).toBe('unlocked');
    const audit = await app.call('audit.list', { action: 'vault.create' });
    expect(audit.entries).toHaveLength(1);
    expect(app.problems).toEqual([]);
  });

  it('adds three credentials with tags through the form', async () => {
    app = await launch({ vault: 'unlocked' });
    const { page } = app;
    await expect.poll(() => page.getByText('Your vault is empty.', { exact: false }).isVisible()).toBe(true);

    async function add(f: { name: string; service: string; env: string; tags: string; value?: string; prefix?: string; length?: string }) {
      await page.getByRole('button', { name: 'New credential' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'New credential' });
      await expect.poll(() => dialog.isVisible()).toBe(true);
      await dialog.getByLabel('Name').fill(f.name);
      await dialog.getByLabel('Service').fill(f.service);
      await dialog.getByLabel('Environment').selectOption(f.env);
      await dialog.getByLabel('Tags').fill(f.tags);
      if (f.value !== undefined) {
        await dialog.getByRole('radio', { name: 'Paste or type' }).check();
        await dialog.getByLabel('Secret value').fill(f.value);
      } else {
        await dialog.getByRole('radio', { name: 'Generate' }).check();
        await dialog.getByLabel('Length').fill(f.length ?? '40');
        await dialog.getByLabel('Prefix').fill(f.prefix ?? '');
      }
      await dialog.getByRole('button', { name: 'Add credential' }).click();
      await expect.poll(() => dialog.isVisible()).toBe(false);
      // The new credential is selected and shown.
      await expect.poll(() => option(page, f.name).getAttribute('aria-selected')).toBe('true');
      await expect.poll(() => page.locator('#detail-title').textContent()).toBe(f.name);
    }

    // A form with a missing name is refused next to the field, and nothing is stored.
    await page.getByRole('button', { name: 'New credential' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New credential' });
    await dialog.getByRole('button', { name: 'Add credential' }).click();
    await expect.poll(() => dialog.getByText('Give the credential a name').isVisible()).toBe(true);
    expect(await dialog.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect((await app.call('credentials.list', {})).total).toBe(0);

    await add({ name: 'stripe/prod', service: 'Stripe', env: 'prod', tags: 'payments, backend', value: 'sk_live_typed_in_the_form' });
    await add({ name: 'github/ci', service: 'GitHub', env: 'dev', tags: 'ci-pipeline', value: 'ghp_typed_in_the_form' });
    await add({ name: 'sendgrid/mail', service: 'SendGrid', env: 'staging', tags: 'email, backend, ci-pipeline', prefix: 'SG.', length: '48' });

    // The list shows all three, sorted by name, with their tags.
    await expectCount(page, 3);
    await expect.poll(() => rowNames(page)).toEqual(['github/ci', 'sendgrid/mail', 'stripe/prod']);
    expect(await rowTags(page, 'sendgrid/mail')).toEqual(['email', 'backend', 'ci-pipeline']);

    // The sidebar counts each tag.
    const tags = nav(page).getByRole('list', { name: 'Tags' });
    await expect.poll(() => tags.getByRole('button').allTextContents()).toEqual(['backend2', 'ci-pipeline2', 'email1', 'payments1']);

    // The vault holds exactly what was entered: fields, tags, typed values, and a generated value
    // that follows the generator options.
    const items = (await app.call('credentials.list', { sort: 'name' })).items;
    expect(items.map((c) => [c.name, c.service, c.environment, c.tags])).toEqual([
      ['github/ci', 'GitHub', 'dev', ['ci-pipeline']],
      ['sendgrid/mail', 'SendGrid', 'staging', ['email', 'backend', 'ci-pipeline']],
      ['stripe/prod', 'Stripe', 'prod', ['payments', 'backend']],
    ]);
    const valueOf = async (name: string) => (await app!.call('credentials.reveal', { id: items.find((c) => c.name === name)!.id })).value;
    expect(await valueOf('stripe/prod')).toBe('sk_live_typed_in_the_form');
    expect(await valueOf('github/ci')).toBe('ghp_typed_in_the_form');
    const generated = await valueOf('sendgrid/mail');
    expect(generated).toMatch(/^SG\.[A-Za-z0-9_-]{48}$/);
    // Values never reached the page: typed ones left the form, the generated one was made in main.
    const html = await page.content();
    for (const v of ['sk_live_typed_in_the_form', 'ghp_typed_in_the_form', generated]) expect(html).not.toContain(v);
    expect(app.problems).toEqual([]);
  });
});
