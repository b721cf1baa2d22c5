// Screenshots for the user guide (docs/guide/images/*.png), each taken at the step its page
// describes, in Chromium against the real application service. Writes files, so it runs only when
// asked:  KEYHOLD_SCREENSHOTS=1 npx vitest run test/e2e/guide.e2e.test.ts
// Each step also asserts what the picture shows, so a guide image never shows a broken screen.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { AppService } from '../../electron/app/service.ts';
import type { OpName, OpOutput } from '../../shared/contract.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { E2E_PASSWORD, LOW_KDF, ROOT, appPerTest, type SeedContext } from './harness.ts';
import { catalogue, expectCount, nav, select, seedCatalogue } from './support.ts';

const OUT = path.join(ROOT, 'docs/guide/images');
const DAY = 86_400_000;
const VIEWPORT = { width: 1180, height: 740 };
const launch = appPerTest();

/** Dismisses every notification (they would cover the picture, and some name temporary paths). */
async function clearToasts(page: Page): Promise<void> {
  const dismiss = page.getByRole('button', { name: 'Dismiss notification' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, `${name}.png`), animations: 'disabled', caret: 'hide' });
}

/** The catalogue, created 120 days ago, two of them due for rotation every 90 days. */
async function seedAged(ctx: SeedContext): Promise<void> {
  ctx.platform.setIdleSeconds(0);
  for (const k of catalogue(ctx.platform.now() + 120 * DAY)) {
    const rotate = ['stripe/prod', 'sendgrid/mailer'].includes(k.fields.name) ? { rotationIntervalDays: 90 } : {};
    await ctx.call('credentials.create', { fields: { ...k.fields, ...rotate }, value: { kind: 'text', value: k.value } });
  }
  // jump, not advance: a 2 s poll would otherwise fire once per period over 120 days.
  await ctx.platform.jump(Math.max(0, Date.now() - ctx.platform.now()));
  ctx.platform.setIdleSeconds(null);
  ctx.platform.userActive();
}

describe.runIf(process.env.KEYHOLD_SCREENSHOTS === '1')('user guide screenshots', () => {
  it('first run: the new vault form', async () => {
    const { page, password } = await launch({ viewport: VIEWPORT, reducedMotion: 'reduce' });
    await expect.poll(() => page.getByRole('heading', { name: 'Create your Keyhold vault' }).isVisible()).toBe(true);
    await page.getByLabel('Master password', { exact: true }).fill(password);
    await page.getByLabel('Repeat master password').fill(password);
    await page.getByRole('checkbox', { name: /forgotten password means a lost vault/ }).check();
    await expect.poll(async () => Number(await page.getByRole('meter', { name: 'Password strength' }).getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(3);
    await shoot(page, 'first-run');
  });

  it('adding a key: the New credential form', async () => {
    // Taller, so the whole form fits.
    const { page } = await launch({ vault: 'unlocked', seed: seedCatalogue, viewport: { width: VIEWPORT.width, height: 1120 }, reducedMotion: 'reduce' });
    await expectCount(page, 6);
    await page.getByRole('button', { name: 'New credential' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New credential' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel('Name').fill('github/ci-token');
    await dialog.getByLabel('Service').fill('GitHub');
    await dialog.getByLabel('Environment').selectOption('prod');
    await dialog.getByLabel('Tags').fill('ci, release-pipeline');
    await dialog.getByRole('radio', { name: 'Generate' }).check();
    await dialog.getByLabel('Length').fill('40');
    await dialog.getByLabel('Prefix').fill('ghp_');
    // The value generated in main, shown masked with Reveal and Regenerate, and its entropy.
    const preview = dialog.getByRole('group', { name: 'Generated value' });
    await expect.poll(() => preview.locator('.draft-masked').textContent()).toBe('ghp_••••••••');
    await expect.poll(() => preview.getByRole('button', { name: 'Reveal generated value' }).isEnabled()).toBe(true);
    expect(await dialog.locator('.entropy').textContent()).toBe('Entropy: 240 bits');
    await shoot(page, 'add-key');
  });

  it('rotation: the Needs attention view and the Rotate dialog', async () => {
    const { page } = await launch({ vault: 'unlocked', seed: seedAged, startTime: Date.now() - 120 * DAY, viewport: VIEWPORT, reducedMotion: 'reduce' });
    // Needs attention is the health report: the two overdue keys are findings.
    await nav(page).getByRole('button', { name: /^Needs attention/ }).click();
    await expect.poll(async () => ((await page.getByRole('main').textContent()) ?? '').includes('sendgrid/mailer')).toBe(true);
    await shoot(page, 'attention');

    await nav(page).getByRole('button', { name: /^All credentials/ }).click();
    await select(page, 'stripe/prod');
    await page.getByRole('button', { name: 'Rotate', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate stripe/prod' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('radio', { name: 'Paste or type' }).check();
    await dialog.getByLabel('Secret value').fill('sk_live_rotated_in_the_dashboard_0001');
    await dialog.getByLabel('Reason').fill('Quarterly rotation');
    await shoot(page, 'rotate');
  });

  it('sharing: a new bundle for a contact, and the preview of one received', async () => {
    const sender = await launch({ vault: 'unlocked', seed: seedCatalogue, viewport: VIEWPORT, reducedMotion: 'reduce' });
    const peer = await startPeer();
    try {
      const { page, platform } = sender;
      platform.setIdleSeconds(0);
      await nav(page).getByRole('button', { name: 'Share' }).click();
      await page.getByLabel('Contact name').fill('bob');
      await page.getByLabel('Their identity line').fill(peer.identity.line);
      await page.getByRole('button', { name: 'Add contact' }).click();
      await expect.poll(() => page.getByRole('table', { name: 'Contacts' }).textContent()).toContain(peer.identity.fingerprint);
      await clearToasts(page);
      await page.getByRole('button', { name: 'New share bundle' }).click();
      const dialog = page.getByRole('dialog', { name: 'New share bundle' });
      await dialog.getByRole('checkbox', { name: /^stripe\/prod\b/ }).check();
      await dialog.getByRole('checkbox', { name: /^github\/release-bot\b/ }).check();
      await dialog.getByRole('radio', { name: 'To contacts' }).check();
      await dialog.getByRole('checkbox', { name: `bob ${peer.identity.fingerprint}` }).check();
      await dialog.getByLabel('Expires after').selectOption({ label: '7 days' });
      await expect.poll(() => dialog.locator('legend').first().textContent()).toBe('Credentials (2 picked)');
      await shoot(page, 'share-create');

      const file = path.join(sender.dir, 'for-bob.age');
      platform.answerSave(file);
      await dialog.getByRole('button', { name: 'Create and save bundle' }).click();
      await expect.poll(() => dialog.isVisible()).toBe(false);
      await expect.poll(() => page.getByRole('table', { name: 'Sent bundles' }).textContent()).toContain('expires in 7 days');
      await clearToasts(page);
      await page.getByRole('table', { name: 'Sent bundles' }).scrollIntoViewIfNeeded();
      await shoot(page, 'share-view');

      // The other way round: bob's bundle dropped on the window.
      const bundle = await peer.bundleTo((await sender.call('identity.get', {})).line);
      await dropFile(page, 'from-bob.age', bundle);
      const preview = page.getByRole('dialog', { name: 'Open share bundle' });
      await expect.poll(() => preview.getByRole('list', { name: 'Credentials in the bundle' }).getByRole('listitem').count().catch(() => 0)).toBe(1);
      await shoot(page, 'share-open');
    } finally {
      await peer.close();
    }
  });

  it('locking: the unlock screen after Ctrl+L, and the auto-lock settings', async () => {
    const { page } = await launch({ vault: 'unlocked', seed: seedCatalogue, viewport: VIEWPORT, reducedMotion: 'reduce' });
    await expectCount(page, 6);
    await nav(page).getByRole('button', { name: 'Settings', exact: true }).click();
    await expect.poll(() => page.getByLabel('Auto-lock after idle (minutes)').isVisible()).toBe(true);
    await shoot(page, 'lock-settings');
    await page.keyboard.press('Control+l');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Locked' }).textContent()).toBe('Locked by you');
    await shoot(page, 'locked');
  });
  it('importing: the Import wizard with the preview of a .env file', async () => {
    const { page, platform, dir } = await launch({ vault: 'unlocked', viewport: VIEWPORT, reducedMotion: 'reduce' });
    const project = path.join(dir, 'shop');
    mkdirSync(project);
    const file = path.join(project, '.env.production');
    writeFileSync(file, 'STRIPE_KEY=sk_live_guide_example_value_0000\nSENDGRID_API_KEY=SG.guide_example_value_1111\nDATABASE_URL=postgres://shop:guide@db/shop\n');
    platform.answerOpen(file);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Import credentials' });
    await dialog.getByRole('button', { name: 'Choose file…' }).click();
    await expect.poll(() => dialog.getByRole('table', { name: 'Preview of the import' }).getByRole('row').count()).toBe(4);
    await dialog.getByLabel('Name for shop/STRIPE_KEY').fill('stripe/prod');
    await dialog.getByLabel('Tags for shop/STRIPE_KEY').fill('shop, payments');
    await shoot(page, 'import-preview');
  });
});

/** A teammate ("bob"): the real application service over its own vault, outside any browser. */
async function startPeer() {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyhold-guide-peer-'));
  const platform = new FakePlatform({ startTime: Date.now() });
  const service = new AppService({ vaultPath: path.join(dir, 'vault.keyhold'), platform, kdf: LOW_KDF, allowInsecureKdf: true });
  const call = async <K extends OpName>(op: K, input: unknown): Promise<OpOutput<K>> => {
    const r = await service.handle(op, input);
    if (!r.ok) throw new Error(`peer ${op} failed: ${r.error.code}: ${r.error.message}`);
    return r.value as OpOutput<K>;
  };
  await call('vault.create', { password: E2E_PASSWORD });
  return {
    identity: await call('identity.get', {}),
    async bundleTo(line: string): Promise<Buffer> {
      const created = await call('credentials.create', { fields: { name: 'sentry/frontend-dsn', service: 'Sentry', environment: 'prod', keyType: 'public', tags: ['frontend'], notes: '' }, value: { kind: 'text', value: 'https://e2e-sentry-dsn.example.invalid/1' } });
      await call('contacts.add', { name: 'robin', line });
      const file = path.join(dir, 'bundle.age');
      platform.answerSave(file);
      await call('share.create', { credentialIds: [created.id], to: { kind: 'contacts', names: ['robin'] }, expiresInSeconds: 3 * 86_400, message: 'The DSN for the new frontend' });
      return readFileSync(file);
    },
    async close() {
      await service.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Drops a file on the window the way a file manager does. */
async function dropFile(page: Page, name: string, bytes: Buffer): Promise<void> {
  const dataTransfer = await page.evaluateHandle(({ name, base64 }) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([data], name, { type: 'application/octet-stream' }));
    return dt;
  }, { name, base64: bytes.toString('base64') });
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await dataTransfer.dispose();
}
