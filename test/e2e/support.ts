// Shared fixtures and page helpers for the e2e tests: a small catalogue of known credentials (with
// distinctive names, tags, notes and values, so "is it in the DOM?" checks mean something) and
// locators for the controls the tests use most.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { CredentialInput } from '../../shared/model.ts';
import { RENDERER_DIR, type RunningApp, type SeedContext } from './harness.ts';

export interface Known {
  fields: CredentialInput;
  value: string;
}

const DAY = 86_400_000;

/** Six credentials; every name, tag, note and value is unique enough to search the page source for. */
export function catalogue(now: number): Known[] {
  return [
    {
      fields: { name: 'stripe/prod', service: 'Stripe', environment: 'prod', keyType: 'private', tags: ['payments', 'backend'], notes: 'Charges and refunds for the shop' },
      value: 'sk_live_e2e_stripe_value_0001',
    },
    {
      fields: { name: 'stripe/sandbox', service: 'Stripe', environment: 'dev', keyType: 'private', tags: ['payments'], notes: 'Test mode only' },
      value: 'sk_test_e2e_stripe_value_0002',
    },
    {
      fields: { name: 'github/release-bot', service: 'GitHub', environment: 'prod', keyType: 'private', tags: ['release-pipeline'], notes: 'Deploy token for the nightly release job' },
      value: 'ghp_e2e_github_value_0003',
    },
    {
      fields: { name: 'sendgrid/mailer', service: 'SendGrid', environment: 'staging', keyType: 'partner', tags: ['email-delivery', 'backend'], notes: 'Transactional mail' },
      value: 'SG.e2e_sendgrid_value_0004',
    },
    {
      fields: { name: 'aws/terraform', service: 'AWS', environment: 'prod', keyType: 'private', tags: ['infrastructure', 'release-pipeline'], notes: 'State bucket and plan role', expiresAt: new Date(now + 5 * DAY).toISOString() },
      value: 'AKIA_E2E_AWS_VALUE_0005',
    },
    {
      fields: { name: 'openai/research', service: 'OpenAI', environment: 'dev', keyType: 'temporary', tags: [], notes: 'Prototype notebooks' },
      value: 'sk-e2e-openai-value-0006',
    },
  ];
}

/** A `seed` option for startApp: adds the catalogue through the service. */
export async function seedCatalogue(ctx: SeedContext): Promise<void> {
  for (const k of catalogue(ctx.platform.now())) {
    await ctx.call('credentials.create', { fields: k.fields, value: { kind: 'text', value: k.value } });
  }
}

/** Every string of the catalogue that must never stay on screen once the vault is locked. */
export function vaultStrings(now: number): string[] {
  const out = new Set<string>();
  for (const k of catalogue(now)) {
    out.add(k.fields.name);
    out.add(k.value);
    if (k.fields.service) out.add(k.fields.service);
    if (k.fields.notes) out.add(k.fields.notes);
    for (const t of k.fields.tags ?? []) out.add(t);
  }
  return [...out];
}

/** The strings from `strings` that occur in the page's HTML. */
export async function leaked(page: Page, strings: string[]): Promise<string[]> {
  const html = await page.content();
  return strings.filter((s) => html.includes(s));
}

/**
 * The strings from `strings` that are still anywhere in the page's JavaScript heap, after forced
 * garbage collection (a heap snapshot over the DevTools protocol). Strings that the app's own code
 * contains (placeholders like "stripe/prod") cannot tell anything and are skipped. The snapshot
 * covers Playwright's injected scripts too: before the check, do not hand vault strings to the page
 * in selectors or evaluate() arguments (option() escapes the "/" in names, so they do not match).
 */
export async function leakedInHeap(page: Page, strings: string[]): Promise<string[]> {
  const assets = path.join(RENDERER_DIR, 'assets');
  const code = readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(assets, f), 'utf8')).join('\n');
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  try {
    await cdp.send('HeapProfiler.enable');
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    await cdp.detach();
  }
  const heap = (JSON.parse(chunks.join('')) as { strings: string[] }).strings;
  return strings.filter((s) => !code.includes(s) && heap.some((h) => h.includes(s)));
}

export function listbox(page: Page): Locator {
  return page.getByRole('listbox', { name: 'Credentials' });
}

/** The names of the rows currently rendered in the list, in order. */
export async function rowNames(page: Page): Promise<string[]> {
  return listbox(page).locator('[role="option"] .row-name').allTextContents();
}

export function option(page: Page, name: string): Locator {
  return listbox(page).getByRole('option').filter({ has: page.locator('.row-name', { hasText: new RegExp(`^${escape(name)}$`) }) });
}

export function search(page: Page): Locator {
  return page.getByRole('searchbox', { name: 'Search credentials' });
}

export function nav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Vault' });
}

export function detailTitle(page: Page): Locator {
  return page.getByRole('heading', { level: 2 }).and(page.locator('#detail-title'));
}

/** Clicks a row and waits until the detail pane shows it. */
export async function select(page: Page, name: string): Promise<void> {
  await option(page, name).click();
  await expect.poll(() => detailTitle(page).textContent()).toBe(name);
}

/**
 * Waits for the list's count line to read exactly `n credentials` (an empty vault shows no count
 * and no filters, only its empty state).
 */
export async function expectCount(page: Page, n: number): Promise<void> {
  const text = `${n.toLocaleString('en-US')} ${n === 1 ? 'credential' : 'credentials'}`;
  const count = page.locator('.list-count');
  await expect.poll(async () => {
    if (n === 0 && await page.getByText('Your vault is empty.').isVisible()) return text;
    return (await count.count()) > 0 ? count.textContent() : null;
  }).toBe(text);
}

/** The states a row shows: its badge, then those behind its "+N" (in its tooltip). */
export async function rowStates(page: Page, name: string): Promise<string[]> {
  const row = option(page, name);
  const shown = await row.locator('.badge').allTextContents();
  const more = row.locator('.badge-more');
  const rest = (await more.count()) > 0 ? ((await more.getAttribute('data-rest')) ?? '').split(', ') : [];
  return [...shown.map((t) => t.replace(/^⚠ /, '')), ...rest];
}

/** Every tag a row accounts for: the chips it shows, then those behind its "+N" chip. */
/** A row's tag chips read in one go (the chips re-measure after a resize: never mix two layouts). */
export async function rowTagChips(page: Page, name: string): Promise<{ shown: string[]; more: string | null; rest: string[] }> {
  return option(page, name).evaluate((row) => {
    const shown = [...row.querySelectorAll('.chip.tag:not(.more)')].map((c) => c.textContent ?? '');
    const more = row.querySelector('.chip.tag.more');
    const rest = more ? (more.getAttribute('title') ?? '').split(', ') : [];
    return { shown, more: more ? (more.textContent ?? '') : null, rest };
  });
}

export async function rowTags(page: Page, name: string): Promise<string[]> {
  const { shown, rest } = await rowTagChips(page, name);
  return [...shown, ...rest];
}

/** The id of a credential by name, from the service. */
export async function idOf(app: RunningApp, name: string): Promise<string> {
  const list = await app.call('credentials.list', { scope: 'all', query: name });
  const found = list.items.find((c) => c.name === name);
  if (!found) throw new Error(`no credential named ${name}`);
  return found.id;
}

export async function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === document.activeElement);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
