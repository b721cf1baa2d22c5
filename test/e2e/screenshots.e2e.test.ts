// Screenshots for README.md (docs/screenshots/main-light.png, main-dark.png) and the user guide
// (docs/guide/images/: one per main screen): a realistic vault of fourteen credentials with a
// history, one selected. Writes files, so it runs only when asked:
//   KEYHOLD_SCREENSHOTS=1 npx vitest run test/e2e/screenshots.e2e.test.ts
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CredentialInput } from '../../shared/model.ts';
import type { Page } from 'playwright-core';
import { ROOT, appPerTest, type RunningApp, type SeedContext, type StartOptions } from './harness.ts';
import { expectCount, nav, option, select } from './support.ts';

const OUT = path.join(ROOT, 'docs/screenshots');
const GUIDE = path.join(ROOT, 'docs/guide/images');
const DAY = 86_400_000;
/** The fake platform clock starts this far back, so values can be months old. */
const HISTORY_DAYS = 420;

interface Step {
  /** When it happens, in days relative to now (negative: in the past). */
  day: number;
  /** `now`: the time the story ends at (the real time). */
  run: (ctx: SeedContext, ids: Map<string, string>, now: number) => Promise<void>;
}

function create(day: number, fields: Omit<CredentialInput, 'expiresAt'> & { expiresInDays?: number }): Step {
  const { expiresInDays, ...rest } = fields;
  return {
    day,
    async run({ call }, ids, now) {
      const expiresAt = expiresInDays === undefined ? null : new Date(now + expiresInDays * DAY).toISOString();
      const meta = await call('credentials.create', { fields: { ...rest, expiresAt }, value: { kind: 'generate', options: { length: 40, alphabet: 'base64url', prefix: '' } } });
      ids.set(meta.name, meta.id);
    },
  };
}

const rotate = (day: number, name: string, reason: string): Step => ({
  day,
  async run({ call }, ids) {
    await call('credentials.rotate', { id: ids.get(name), value: { kind: 'generate', options: { length: 40, alphabet: 'base64url', prefix: '' } }, reason });
  },
});

const status = (day: number, name: string, to: 'disabled' | 'compromised'): Step => ({
  day,
  async run({ call }, ids) {
    await call('credentials.setStatus', { id: ids.get(name), status: to });
  },
});

const use = (day: number, name: string): Step => ({
  day,
  async run({ call }, ids) {
    await call('credentials.copy', { id: ids.get(name) });
  },
});

const STORY: Step[] = [
  create(-410, { name: 'aws/prod-deploy', service: 'AWS', environment: 'prod', keyType: 'private', tags: ['infra', 'ci'], scopes: ['ecs:UpdateService', 'ecr:PutImage'], notes: 'Deploy role for the release pipeline', rotationIntervalDays: 90 }),
  create(-400, { name: 'stripe/prod', service: 'Stripe', environment: 'prod', keyType: 'private', tags: ['payments', 'backend'], scopes: ['read:charges', 'write:refunds'], allowedIps: ['203.0.113.0/24'], allowedDomains: ['api.shop.example'], notes: 'Checkout and refunds. Owner: payments team.', rotationIntervalDays: 90 }),
  create(-380, { name: 'stripe/test', service: 'Stripe', environment: 'dev', keyType: 'private', tags: ['payments'], notes: 'Test mode' }),
  create(-300, { name: 'sendgrid/transactional', service: 'SendGrid', environment: 'prod', keyType: 'partner', tags: ['email', 'backend'], notes: 'Receipts and password resets', rotationIntervalDays: 365 }),
  create(-260, { name: 'slack/alerts-webhook', service: 'Slack', environment: 'prod', keyType: 'public', tags: ['ops', 'alerts'] }),
  rotate(-240, 'stripe/prod', 'Scheduled rotation'),
  create(-200, { name: 'datadog/api', service: 'Datadog', environment: 'prod', keyType: 'private', tags: ['ops', 'monitoring'], rotationIntervalDays: 180 }),
  create(-150, { name: 'cloudflare/dns-token', service: 'Cloudflare', environment: 'prod', keyType: 'private', tags: ['infra'], scopes: ['zone:dns:edit'] }),
  rotate(-130, 'aws/prod-deploy', 'Scheduled rotation'),
  create(-120, { name: 'twilio/sms', service: 'Twilio', environment: 'staging', keyType: 'partner', tags: ['sms', 'backend'] }),
  status(-95, 'slack/alerts-webhook', 'disabled'),
  create(-60, { name: 'openai/research', service: 'OpenAI', environment: 'dev', keyType: 'temporary', tags: ['ml'], notes: 'Notebook experiments', rotationIntervalDays: 30, expiresInDays: -4 }),
  create(-45, { name: 'sentry/frontend-dsn', service: 'Sentry', environment: 'prod', keyType: 'public', tags: ['frontend', 'monitoring'] }),
  create(-26, { name: 'vercel/preview-deploys', service: 'Vercel', environment: 'staging', keyType: 'private', tags: ['frontend', 'ci'], rotationIntervalDays: 30 }),
  rotate(-21, 'stripe/prod', 'Rotated after a contractor left'),
  create(-12, { name: 'cloudflare/workers-deploy', service: 'Cloudflare Workers', environment: 'staging', keyType: 'private', tags: ['infra', 'ci', 'frontend', 'edge'], rotationIntervalDays: 60 }),
  create(-10, { name: 'postmark/inbound', service: 'Postmark', environment: 'prod', keyType: 'partner', tags: ['email'], rotationIntervalDays: 14 }),
  create(-9, { name: 'github/actions-release', service: 'GitHub', environment: 'prod', keyType: 'temporary', tags: ['ci'], scopes: ['contents:write', 'packages:write'], expiresInDays: 5 }),
  status(-3, 'cloudflare/dns-token', 'compromised'),
  use(-2, 'stripe/prod'),
  use(-1, 'stripe/prod'),
];

/** Plays the story on the fake platform clock, ending at the real time so the browser agrees. */
async function seedStory(ctx: SeedContext): Promise<void> {
  const ids = new Map<string, string>();
  const end = ctx.platform.now() + HISTORY_DAYS * DAY;
  // Long jumps of the clock must not trip the idle lock while seeding.
  ctx.platform.setIdleSeconds(0);
  for (const step of [...STORY].sort((a, b) => a.day - b.day)) {
    const at = end + step.day * DAY;
    await ctx.platform.jump(Math.max(0, at - ctx.platform.now()));
    await step.run(ctx, ids, end);
  }
  await ctx.platform.jump(Math.max(0, Date.now() - ctx.platform.now()));
  ctx.platform.setIdleSeconds(null);
  ctx.platform.userActive();
}

let app: RunningApp | undefined;
const launch = appPerTest();

function story(opts: Partial<StartOptions> = {}): StartOptions {
  return {
    vault: 'unlocked', colorScheme: 'light', reducedMotion: 'reduce', viewport: { width: 1280, height: 800 },
    startTime: Date.now() - HISTORY_DAYS * DAY, seed: seedStory, ...opts,
  };
}

async function shoot(page: Page, file: string): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  // Let the last layout pass (measured tag chips) and any fade settle.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
}

/** The main view with stripe/prod selected and its history and activity loaded. */
async function mainView(page: Page): Promise<void> {
  await expectCount(page, 14);
  await select(page, 'stripe/prod');
  await expect.poll(() => page.getByRole('list', { name: 'Previous values' }).getByRole('listitem').count()).toBe(2);
  await expect.poll(() => page.getByRole('list', { name: 'Activity' }).getByRole('listitem').count()).toBeGreaterThan(3);
  await page.getByRole('searchbox', { name: 'Search credentials' }).focus();
}

describe.runIf(process.env.KEYHOLD_SCREENSHOTS === '1')('README and guide screenshots', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`main view, ${scheme}`, async () => {
      app = await launch(story({ colorScheme: scheme }));
      const { page } = app;
      await mainView(page);
      await shoot(page, path.join(OUT, `main-${scheme}.png`));
      if (scheme === 'light') await shoot(page, path.join(GUIDE, 'main.png'));
      expect(app.problems).toEqual([]);
    });
  }

  it('guide: unlock, detail with the value revealed, the context menu, new credential', async () => {
    app = await launch(story());
    const { page } = app;
    await mainView(page);
    await page.getByRole('button', { name: 'Reveal value' }).click();
    await expect.poll(() => page.getByTestId('revealed-value').count()).toBe(1);
    await page.getByRole('button', { name: 'Copy value' }).click();
    await expect.poll(() => page.getByRole('timer', { name: 'Clipboard' }).count()).toBe(1);
    await shoot(page, path.join(GUIDE, 'detail.png'));
    await page.getByRole('button', { name: 'Hide value' }).click();

    await option(page, 'github/actions-release').click({ button: 'right' });
    await expect.poll(() => page.getByRole('menu', { name: 'Actions for github/actions-release' }).isVisible()).toBe(true);
    await shoot(page, path.join(GUIDE, 'context-menu.png'));
    await page.keyboard.press('Escape');

    await page.keyboard.press('Control+n');
    const dialog = page.getByRole('dialog', { name: 'New credential' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel('Service').fill('Stripe');
    await dialog.getByRole('button', { name: 'Add credential' }).click();
    await expect.poll(() => dialog.getByText('Fix the marked fields.').isVisible()).toBe(true);
    await shoot(page, path.join(GUIDE, 'new-credential.png'));
    await page.keyboard.press('Escape');

    await page.keyboard.press('Control+l');
    await expect.poll(() => page.getByRole('heading', { name: /^Unlock/ }).isVisible()).toBe(true);
    await shoot(page, path.join(GUIDE, 'unlock.png'));
    expect(app.problems).toEqual([]);
  });

  it('guide: audit log, share, settings', async () => {
    app = await launch(story());
    const { page } = app;
    await expectCount(page, 14);
    await nav(page).getByRole('button', { name: 'Audit log' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Audit entries' }).isVisible()).toBe(true);
    await shoot(page, path.join(GUIDE, 'audit.png'));
    await nav(page).getByRole('button', { name: 'Share' }).click();
    await expect.poll(() => page.getByTestId('own-fingerprint').isVisible()).toBe(true);
    await shoot(page, path.join(GUIDE, 'share.png'));
    await nav(page).getByRole('button', { name: 'Settings' }).click();
    await expect.poll(() => page.getByLabel('Memory (MiB)').isVisible()).toBe(true);
    await shoot(page, path.join(GUIDE, 'settings.png'));
    expect(app.problems).toEqual([]);
  });

  it('guide: the narrow layout (800×600), dark', async () => {
    app = await launch(story({ viewport: { width: 800, height: 600 }, colorScheme: 'dark' }));
    const { page } = app;
    await mainView(page);
    await shoot(page, path.join(GUIDE, 'narrow.png'));
    await nav(page).getByRole('button', { name: 'Tags and environments' }).click();
    await expect.poll(() => page.getByRole('group', { name: 'Tags and environments' }).isVisible()).toBe(true);
    await shoot(page, path.join(GUIDE, 'narrow-tags.png'));
    await page.keyboard.press('Escape');
    await nav(page).getByRole('button', { name: 'Audit log' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Audit entries' }).isVisible()).toBe(true);
    await shoot(page, path.join(GUIDE, 'narrow-audit.png'));
    expect(app.problems).toEqual([]);
  });
});
