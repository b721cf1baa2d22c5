// Screenshots of the main view for README.md (docs/screenshots/main-light.png, main-dark.png): a
// realistic vault of twelve credentials with a history, one selected. Writes files, so it runs only
// when asked:  KEYHOLD_SCREENSHOTS=1 npx vitest run test/e2e/screenshots.e2e.test.ts
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CredentialInput } from '../../shared/model.ts';
import { ROOT, appPerTest, type RunningApp, type SeedContext } from './harness.ts';
import { expectCount, select } from './support.ts';

const OUT = path.join(ROOT, 'docs/screenshots');
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
  create(-60, { name: 'openai/research', service: 'OpenAI', environment: 'dev', keyType: 'temporary', tags: ['ml'], notes: 'Notebook experiments', expiresInDays: -4 }),
  create(-45, { name: 'sentry/frontend-dsn', service: 'Sentry', environment: 'prod', keyType: 'public', tags: ['frontend', 'monitoring'] }),
  create(-26, { name: 'vercel/preview-deploys', service: 'Vercel', environment: 'staging', keyType: 'private', tags: ['frontend', 'ci'], rotationIntervalDays: 30 }),
  rotate(-21, 'stripe/prod', 'Rotated after a contractor left'),
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
    await ctx.platform.advance(Math.max(0, at - ctx.platform.now()));
    await step.run(ctx, ids, end);
  }
  await ctx.platform.advance(Math.max(0, Date.now() - ctx.platform.now()));
  ctx.platform.setIdleSeconds(null);
  ctx.platform.userActive();
}

let app: RunningApp | undefined;
const launch = appPerTest();

describe.runIf(process.env.KEYHOLD_SCREENSHOTS === '1')('README screenshots', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`main view, ${scheme}`, async () => {
      app = await launch({
        vault: 'unlocked', colorScheme: scheme, reducedMotion: 'reduce', viewport: { width: 1280, height: 800 },
        startTime: Date.now() - HISTORY_DAYS * DAY, seed: seedStory,
      });
      const { page } = app;
      await expectCount(page, 12);
      await select(page, 'stripe/prod');
      await expect.poll(() => page.getByRole('list', { name: 'Previous values' }).getByRole('listitem').count()).toBe(2);
      await expect.poll(() => page.getByRole('list', { name: 'Activity' }).getByRole('listitem').count()).toBeGreaterThan(3);
      // Focus where a user lands after unlock, rather than on the clicked row.
      await page.getByRole('searchbox', { name: 'Search credentials' }).focus();
      mkdirSync(OUT, { recursive: true });
      await page.screenshot({ path: path.join(OUT, `main-${scheme}.png`), animations: 'disabled', caret: 'hide' });
      expect(app.problems).toEqual([]);
    });
  }
});
