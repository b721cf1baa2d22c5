// Share bundles in the desktop app: the sender adds a teammate as a contact and saves a bundle
// through the save dialog; the recipient opens one by dropping the file on the window (or through
// the open dialog), previews it without any value reaching the page, and imports it. Refusals
// (expired, wrong passphrase) show as one clear line with nothing imported; a bundle imported
// before previews with the date it was imported, and offers no second import. The teammate
// on the other end is a second real AppService over its own vault; "later" is the fake platform
// clock, never a sleep.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { AppService } from '../../electron/app/service.ts';
import type { OpName, OpOutput } from '../../shared/contract.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { E2E_PASSWORD, LOW_KDF, appPerTest, type RunningApp, type StartOptions } from './harness.ts';
import { catalogue, expectCount, leaked, nav, rowStates } from './support.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Expiry tolerates this much clock skew (electron/share/limits.ts CLOCK_SKEW_MS). */
const SKEW = 5 * 60_000;

/** A teammate: the real application service over its own vault, outside any browser. */
interface Peer {
  service: AppService;
  platform: FakePlatform;
  dir: string;
  identity: OpOutput<'identity.get'>;
  call<K extends OpName>(op: K, input: unknown): Promise<OpOutput<K>>;
  close(): Promise<void>;
}

async function startPeer(): Promise<Peer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyhold-e2e-peer-'));
  // The same clock as the app under test, so "expires in 3 days" means the same to both.
  const platform = new FakePlatform({ startTime: Date.now() });
  const service = new AppService({ vaultPath: path.join(dir, 'vault.keyhold'), platform, kdf: LOW_KDF, allowInsecureKdf: true });
  const call = async <K extends OpName>(op: K, input: unknown): Promise<OpOutput<K>> => {
    const r = await service.handle(op, input);
    if (!r.ok) throw new Error(`peer ${op} failed: ${r.error.code}: ${r.error.message}`);
    return r.value as OpOutput<K>;
  };
  await call('vault.create', { password: E2E_PASSWORD });
  return {
    service, platform, dir, call, identity: await call('identity.get', {}),
    async close() {
      await service.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const launch = appPerTest();
let peers: Peer[] = [];
afterEach(async () => {
  for (const p of peers) await p.close();
  peers = [];
});

async function app(opts: StartOptions = {}): Promise<RunningApp> {
  const a = await launch({ vault: 'unlocked', ...opts });
  a.page.setDefaultTimeout(45_000); // room for a loaded 2-core machine (a missing element still fails the test)
  return a;
}

async function peer(): Promise<Peer> {
  const p = await startPeer();
  peers.push(p);
  return p;
}

const known = catalogue(Date.now());
const VALUES = known.map((k) => k.value);
const valueOf = (name: string) => known.find((k) => k.fields.name === name)!.value;

/** Adds catalogue credentials to a vault through its service; returns their ids by name. */
async function addKnown(call: Peer['call'], names: string[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const name of names) {
    const k = known.find((c) => c.fields.name === name)!;
    ids[name] = (await call('credentials.create', { fields: k.fields, value: { kind: 'text', value: k.value } })).id;
  }
  return ids;
}

let bundles = 0;
/** The peer saves a bundle of `names` to the app's identity (added as contact `robin`) and returns the file. */
async function bundleFromPeer(p: Peer, recipient: RunningApp, names: string[], opts: { expiresInSeconds?: number; message?: string } = {}): Promise<{ file: string; sent: OpOutput<'share.create'> }> {
  const ids = await addKnown(p.call, names);
  await p.call('contacts.add', { name: 'robin', line: (await recipient.call('identity.get', {})).line });
  const file = path.join(p.dir, `bundle-${++bundles}.age`);
  p.platform.answerSave(file);
  const sent = await p.call('share.create', {
    credentialIds: Object.values(ids), to: { kind: 'contacts', names: ['robin'] }, expiresInSeconds: opts.expiresInSeconds ?? 3 * 86_400,
    ...(opts.message ? { message: opts.message } : {}),
  });
  return { file, sent };
}

/** Drops a file on the window the way a file manager does: dragenter, then drop, with the file's bytes. */
async function dropFile(page: Page, name: string, bytes: Buffer): Promise<void> {
  const dataTransfer = await page.evaluateHandle(({ name, base64 }) => {
    const bin = atob(base64);
    const data = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([data], name, { type: 'application/octet-stream' }));
    return dt;
  }, { name, base64: bytes.toString('base64') });
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await expect.poll(() => page.locator('.drop-overlay').textContent()).toBe('Drop a file to import it, or a share bundle (.age) to open it');
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await expect.poll(() => page.locator('.drop-overlay').count()).toBe(0);
  await dataTransfer.dispose();
}

/** Local date and time as the renderer words it (lib/time.ts localDateTime), in the page's locale. */
function pageDateTime(page: Page, iso: string): Promise<string> {
  return page.evaluate((i) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(i)), iso);
}

/** The names in the vault, from the service. */
async function namesIn(a: RunningApp): Promise<string[]> {
  return (await a.call('credentials.list', { scope: 'all' })).items.map((c) => c.name).sort();
}

/** Waits for the dialog's alert to read one line matching `re`, and returns it. */
async function oneLineAlert(page: Page, dialogName: string, re: RegExp): Promise<string> {
  const alert = page.getByRole('dialog', { name: dialogName }).getByRole('alert');
  await expect.poll(() => alert.textContent().catch(() => '')).toMatch(re);
  const text = (await alert.textContent()) ?? '';
  expect(text).not.toMatch(/\n/);
  expect(text.length).toBeLessThan(240);
  return text;
}

async function goShare(page: Page): Promise<void> {
  await nav(page).getByRole('button', { name: 'Share' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Share' }).isVisible()).toBe(true);
}

describe('share bundles in the desktop app', () => {
  it('sender adds a teammate, picks two credentials, a contact and an expiry, and saves the bundle', async () => {
    const sender = await app({ seed: async (ctx) => { await addKnown(ctx.call, known.map((k) => k.fields.name)); } });
    const bob = await peer();
    const { page, platform } = sender;
    // The user stays active (no idle lock), and shares a minute after creating the credentials.
    platform.setIdleSeconds(0);
    await platform.advance(60_000);

    await goShare(page);
    await expect.poll(() => page.getByText('Nothing shared yet.').isVisible()).toBe(true);

    // Add the teammate by the identity line their vault prints.
    await page.getByLabel('Contact name').fill('bob');
    await page.getByLabel('Their identity line').fill(bob.identity.line);
    await page.getByRole('button', { name: 'Add contact' }).click();
    const contacts = page.getByRole('table', { name: 'Contacts' });
    await expect.poll(() => contacts.getByRole('row').nth(1).textContent().catch(() => '')).toContain(bob.identity.fingerprint);
    expect(await contacts.getByRole('row').nth(1).textContent()).toContain('bob');
    expect((await sender.call('contacts.list', {})).map((c) => [c.name, c.fingerprint])).toEqual([['bob', bob.identity.fingerprint]]);

    await page.getByRole('button', { name: 'New share bundle' }).click();
    const dialog = page.getByRole('dialog', { name: 'New share bundle' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('checkbox', { name: /^stripe\/prod\b/ }).check();
    await dialog.getByLabel('Filter credentials to share').fill('github');
    await dialog.getByRole('checkbox', { name: /^github\/release-bot\b/ }).check();
    await expect.poll(() => dialog.locator('legend').first().textContent()).toBe('Credentials (2 picked)');
    await dialog.getByRole('radio', { name: 'To contacts' }).check();
    await dialog.getByRole('checkbox', { name: `bob ${bob.identity.fingerprint}` }).check();
    await dialog.getByLabel('Expires after').selectOption({ label: '7 days' });

    // Cancelling the save dialog keeps the form as it was and writes nothing.
    await dialog.getByRole('button', { name: 'Create and save bundle' }).click();
    await expect.poll(() => platform.dialogs.length).toBe(1);
    await expect.poll(() => dialog.getByRole('button', { name: 'Create and save bundle' }).isEnabled()).toBe(true);
    expect(await dialog.isVisible()).toBe(true);
    expect(await sender.call('share.listSent', {})).toEqual([]);

    const file = path.join(sender.dir, 'for-bob.age');
    platform.answerSave(file);
    await dialog.getByRole('button', { name: 'Create and save bundle' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(platform.dialogs.map((d) => d.kind)).toEqual(['save', 'save']);
    await expect.poll(() => page.getByRole('status', { name: 'Notifications' }).textContent()).toContain(`Bundle saved to ${file}.`);

    // An age file, with no value in it in the clear.
    expect(existsSync(file)).toBe(true);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 'age-encryption.org/v1'.length).toString('latin1')).toBe('age-encryption.org/v1');
    for (const v of VALUES) expect(bytes.includes(Buffer.from(v))).toBe(false);

    // Recorded in the vault: to bob, the two names, seven days.
    const [sent, ...more] = await sender.call('share.listSent', {});
    expect(more).toEqual([]);
    expect(sent).toMatchObject({ recipients: ['bob'], file });
    expect([...sent!.credentialNames].sort()).toEqual(['github/release-bot', 'stripe/prod']);
    expect(Date.parse(sent!.expiresAt) - Date.parse(sent!.createdAt)).toBe(7 * DAY);

    // The sent list shows it.
    const sentTable = page.getByRole('table', { name: 'Sent bundles' });
    await expect.poll(() => sentTable.getByRole('row').count().catch(() => 0)).toBe(2);
    const row = sentTable.getByRole('row').nth(1);
    expect(await row.textContent()).toContain('bob');
    expect(await row.textContent()).toContain('github/release-bot');
    expect(await row.textContent()).toContain('stripe/prod');
    expect(await row.textContent()).toContain('expires in 7 days');

    // The shared credentials carry the blue "shared" badge; the others do not.
    await nav(page).getByRole('button', { name: /^All credentials/ }).click();
    await expectCount(page, 6);
    for (const name of ['stripe/prod', 'github/release-bot']) {
      await expect.poll(() => rowStates(page, name)).toContain('shared');
    }
    expect(await rowStates(page, 'stripe/sandbox')).not.toContain('shared');
    expect(await rowStates(page, 'openai/research')).not.toContain('shared');

    // The teammate's vault opens it: it was encrypted to them, and signed by this vault.
    const preview = await bob.call('share.preview', { source: { kind: 'bytes', base64: bytes.toString('base64') } });
    expect(preview.sender.fingerprint).toBe((await sender.call('identity.get', {})).fingerprint);
    expect(preview.credentials.map((c) => c.name).sort()).toEqual(['github/release-bot', 'stripe/prod']);

    expect(await leaked(page, VALUES)).toEqual([]);
    expect(sender.problems).toEqual([]);
  });

  it('recipient drops a bundle from an unknown sender: preview without values, trust by fingerprint, import', async () => {
    const recipient = await app();
    const alex = await peer();
    const { file, sent } = await bundleFromPeer(alex, recipient, ['stripe/prod', 'aws/terraform'], { message: 'for the deploy on Friday' });
    const { page } = recipient;
    await expectCount(page, 0);

    await dropFile(page, 'from-alex.age', readFileSync(file));
    const dialog = page.getByRole('dialog', { name: 'Open share bundle' });
    const names = dialog.getByRole('list', { name: 'Credentials in the bundle' });
    await expect.poll(() => names.getByRole('listitem').count().catch(() => 0)).toBe(2);

    // Who sent it (unknown, by fingerprint), when it expires, the message and the names.
    const text = (await dialog.textContent()) ?? '';
    expect(text).toContain('Unknown sender');
    expect(text).toContain(alex.identity.fingerprint);
    expect(text).toContain(`${await pageDateTime(page, sent.expiresAt)} (in 3 days)`);
    expect(text).toContain('for the deploy on Friday');
    expect(text).toContain('2 credentials');
    expect((await names.locator('.mono').allTextContents()).sort()).toEqual(['aws/terraform', 'stripe/prod']);
    // No value anywhere in the page.
    expect(await leaked(page, VALUES)).toEqual([]);

    // Import is refused until the fingerprint is accepted, and nothing is imported meanwhile.
    await dialog.getByRole('button', { name: 'Import' }).click();
    await oneLineAlert(page, 'Open share bundle', /^Check the sender’s fingerprint with them, then tick the box to accept it\.$/);
    expect(await namesIn(recipient)).toEqual([]);

    await dialog.getByRole('checkbox', { name: /This sender is not one of your contacts/ }).check();
    await dialog.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => page.getByRole('status', { name: 'Notifications' }).textContent()).toMatch(/Imported 2 credentials: (stripe\/prod, aws\/terraform|aws\/terraform, stripe\/prod)\./);
    await expectCount(page, 2);

    // In the vault, with the sender's values (revealed in Node, never in the page).
    expect(await namesIn(recipient)).toEqual(['aws/terraform', 'stripe/prod']);
    for (const c of (await recipient.call('credentials.list', { scope: 'all' })).items) {
      expect((await recipient.call('credentials.reveal', { id: c.id })).value).toBe(valueOf(c.name));
      expect(c.service).toBe(known.find((k) => k.fields.name === c.name)!.fields.service);
    }
    const imports = (await recipient.call('audit.list', { action: 'share.import' })).entries;
    expect(imports).toHaveLength(2);
    expect(imports.every((e) => e.detail?.includes(sent.bundleId))).toBe(true);
    expect(await leaked(page, VALUES)).toEqual([]);
    expect(recipient.problems).toEqual([]);
  });

  it('passphrase bundle round trip between two windows: asks for it, refuses a wrong one, imports with the right one', async () => {
    const sender = await app({ seed: async (ctx) => { await addKnown(ctx.call, ['sendgrid/mailer', 'openai/research']); } });
    const recipient = await app();
    const passphrase = 'tell-it-on-the-phone-42';

    // Sender: one credential, with a passphrase (typed twice).
    const sp = sender.page;
    await goShare(sp);
    await sp.getByRole('button', { name: 'New share bundle' }).click();
    const create = sp.getByRole('dialog', { name: 'New share bundle' });
    await create.getByRole('checkbox', { name: /^sendgrid\/mailer\b/ }).check();
    // No contacts yet: the passphrase mode is already chosen.
    expect(await create.getByRole('radio', { name: 'With a passphrase' }).isChecked()).toBe(true);
    await create.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await create.getByLabel('Repeat passphrase').fill(`${passphrase}x`);
    await create.getByRole('button', { name: 'Create and save bundle' }).click();
    await oneLineAlert(sp, 'New share bundle', /^The two passphrases differ\.$/);
    expect(sender.platform.dialogs).toEqual([]);
    await create.getByLabel('Repeat passphrase').fill(passphrase);
    // Whom it is for: signed into the bundle, shown to the reader.
    await create.getByLabel('For (optional)').fill('bob/x');
    await create.getByRole('button', { name: 'Create and save bundle' }).click();
    await oneLineAlert(sp, 'New share bundle', /^“bob\/x” is not a name: use letters, digits and \. _ @ \+ -, separated by commas\.$/);
    await create.getByLabel('For (optional)').fill('bob, carol@example.com');
    await create.getByLabel('Expires after').selectOption({ label: '1 hour' });
    const file = path.join(sender.dir, 'passphrase.age');
    sender.platform.answerSave(file);
    await create.getByRole('button', { name: 'Create and save bundle' }).click();
    await expect.poll(() => create.isVisible()).toBe(false);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 21).toString('latin1')).toBe('age-encryption.org/v1');
    expect(bytes.toString('latin1')).toContain('-> scrypt ');
    const sentTable = sp.getByRole('table', { name: 'Sent bundles' });
    await expect.poll(() => sentTable.getByRole('row').nth(1).textContent().catch(() => '')).toContain('sendgrid/mailer');
    expect(await sentTable.getByRole('row').nth(1).textContent()).toContain('(passphrase) for bob, carol@example.com');

    // Recipient: "Open bundle" and the open dialog (answered with the file each time it is shown).
    const rp = recipient.page;
    await goShare(rp);
    await rp.getByRole('button', { name: 'Open bundle' }).click();
    const open = rp.getByRole('dialog', { name: 'Open share bundle' });
    for (let i = 0; i < 3; i++) recipient.platform.answerOpen(file);

    await open.getByRole('button', { name: 'Choose file…' }).click();
    await oneLineAlert(rp, 'Open share bundle', /^This bundle is sealed with a passphrase: enter it, then open again\.$/);
    await open.getByLabel(/^Passphrase/).fill('not-the-passphrase');
    await open.getByRole('button', { name: 'Choose file…' }).click();
    await oneLineAlert(rp, 'Open share bundle', /^Wrong passphrase for this bundle\.$/);
    expect(await namesIn(recipient)).toEqual([]);
    expect(recipient.platform.dialogs.map((d) => d.kind)).toEqual(['open', 'open']);

    await open.getByLabel(/^Passphrase/).fill(passphrase);
    await open.getByRole('button', { name: 'Choose file…' }).click();
    const names = open.getByRole('list', { name: 'Credentials in the bundle' });
    await expect.poll(() => names.locator('.mono').allTextContents().catch(() => [])).toEqual(['sendgrid/mailer']);
    expect(await open.textContent()).toContain((await sender.call('identity.get', {})).fingerprint);
    const [sent] = await sender.call('share.listSent', {});
    expect(Date.parse(sent!.expiresAt) - Date.parse(sent!.createdAt)).toBe(HOUR);
    expect(await open.textContent()).toContain(`Expires${await pageDateTime(rp, sent!.expiresAt)} (`);
    // Whom the sender meant it for, and the plain warning that a passphrase is not a reader.
    expect(await open.textContent()).toContain('Forbob, carol@example.com');
    expect(await open.locator('.passphrase-warning').textContent()).toMatch(/^Not tied to its reader\. A passphrase bundle is not tied to its reader: anyone with the passphrase can open it/);
    expect(await leaked(rp, VALUES)).toEqual([]);
    await open.getByRole('checkbox', { name: /This sender is not one of your contacts/ }).check();
    await open.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => open.isVisible()).toBe(false);
    await nav(rp).getByRole('button', { name: /^All credentials/ }).click();
    await expectCount(rp, 1);

    expect(await namesIn(recipient)).toEqual(['sendgrid/mailer']);
    const [got] = (await recipient.call('credentials.list', { scope: 'all' })).items;
    expect((await recipient.call('credentials.reveal', { id: got!.id })).value).toBe(valueOf('sendgrid/mailer'));
    // Both refusals are in the recipient's audit trail.
    const refused = (await recipient.call('audit.list', { action: 'share.refused' })).entries;
    expect(refused.map((e) => e.result)).toEqual(['denied', 'denied']);
    expect(await leaked(rp, VALUES)).toEqual([]);
    expect(sender.problems).toEqual([]);
    expect(recipient.problems).toEqual([]);
  });

  it('refuses an expired bundle, at import and at opening, with one line and nothing imported', async () => {
    const recipient = await app();
    const alex = await peer();
    const { file, sent } = await bundleFromPeer(alex, recipient, ['stripe/prod', 'github/release-bot'], { expiresInSeconds: 3600 });
    const { page, platform } = recipient;
    platform.setIdleSeconds(0); // the user is at the keyboard: no idle lock while the clock jumps

    // Opened while still valid...
    await dropFile(page, 'late.age', readFileSync(file));
    const dialog = page.getByRole('dialog', { name: 'Open share bundle' });
    await expect.poll(() => dialog.getByRole('button', { name: 'Import' }).isVisible()).toBe(true);
    await dialog.getByRole('checkbox', { name: /This sender is not one of your contacts/ }).check();

    // ...but imported after expiry (and the clock-skew allowance): refused.
    // jump: one step past expiry (stepping the 2 s change poll through an hour is slow on a busy machine).
    await platform.jump(HOUR + SKEW + 1000);
    await dialog.getByRole('button', { name: 'Import' }).click();
    await oneLineAlert(page, 'Open share bundle', new RegExp(`^This bundle expired at ${sent.expiresAt.replace(/\./g, '\\.')}: ask the sender for a new one\\.$`));
    expect(await namesIn(recipient)).toEqual([]);

    // Opening it again is refused before any preview.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await dropFile(page, 'late.age', readFileSync(file));
    await oneLineAlert(page, 'Open share bundle', /^This bundle expired at .+: ask the sender for a new one\.$/);
    expect(await dialog.getByRole('list', { name: 'Credentials in the bundle' }).count()).toBe(0);
    expect(await namesIn(recipient)).toEqual([]);
    await expectCount(page, 0);

    const refused = (await recipient.call('audit.list', { action: 'share.refused' })).entries;
    expect(refused).toHaveLength(2);
    expect(refused.every((e) => e.detail?.includes('EXPIRED'))).toBe(true);
    expect(recipient.problems).toEqual([]);
  });

  it('previews a bundle imported once already, says when, and offers no second import', async () => {
    const recipient = await app();
    const alex = await peer();
    // The recipient knows alex: the preview names the contact and no fingerprint box is needed.
    await recipient.call('contacts.add', { name: 'alex', line: alex.identity.line });
    const { file } = await bundleFromPeer(alex, recipient, ['sendgrid/mailer']);
    const { page } = recipient;
    const dialog = page.getByRole('dialog', { name: 'Open share bundle' });

    await dropFile(page, 'once.age', readFileSync(file));
    await expect.poll(() => dialog.getByRole('button', { name: 'Import' }).isVisible()).toBe(true);
    expect(await dialog.locator('dd').first().textContent()).toBe(`alex ${alex.identity.fingerprint}`);
    expect(await dialog.getByRole('checkbox').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expectCount(page, 1);

    // Opening it again previews it, says when it was imported (local date), and offers no import.
    await dropFile(page, 'once.age', readFileSync(file));
    const status = dialog.getByRole('status');
    const day = await page.evaluate((t) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(t)), recipient.platform.now());
    await expect.poll(() => status.textContent().catch(() => ''), { timeout: 60_000 }).toBe(`Already imported on ${day}: a bundle imports once, so it cannot be imported again.`);
    expect(await dialog.getByRole('list', { name: 'Credentials in the bundle' }).locator('.mono').allTextContents()).toEqual(['sendgrid/mailer']);
    expect(await dialog.getByRole('button', { name: 'Import' }).count()).toBe(0);
    expect(await namesIn(recipient)).toEqual(['sendgrid/mailer']);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expectCount(page, 1);
    expect((await recipient.call('audit.list', { action: 'share.open' })).entries).toHaveLength(2);
    expect(recipient.problems).toEqual([]);
  });
});
