// Share bundles through the contract: save via the dialog (atomic, 0600), preview keeps the
// opened bundle in main under a token, import by token; refusals come back as typed errors.
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, PASSWORD, type Harness } from '../support/app-harness.ts';

const VALUE = 'sk_live_SHARED_value_77aa88bb';
let open: Harness[] = [];
afterEach(async () => {
  for (const x of open) await x.cleanup();
  open = [];
});

async function people(): Promise<{ alice: Harness; bob: Harness }> {
  const alice = await harness();
  const bob = await harness();
  open.push(alice, bob);
  const a = await alice.call('identity.get', {});
  const b = await bob.call('identity.get', {});
  expect(a.fingerprint).not.toBe(b.fingerprint);
  await alice.call('contacts.add', { name: 'bob', line: b.line });
  await bob.call('contacts.add', { name: 'alice', line: a.line });
  return { alice, bob };
}

async function secret(h: Harness, name = 'stripe/prod'): Promise<string> {
  return (await h.call('credentials.create', { fields: { name, service: 'Stripe', environment: 'prod' }, value: { kind: 'text', value: VALUE } })).id;
}

describe('share through the contract', () => {
  it('alice shares with bob: saved through the dialog, previewed, imported', async () => {
    const { alice, bob } = await people();
    const id = await secret(alice);
    const file = join(alice.dir, 'out.age');
    alice.platform.answerSave(file);
    const sent = await alice.call('share.create', { credentialIds: [id], to: { kind: 'contacts', names: ['bob'] }, expiresInSeconds: 3600, message: 'for the deploy' });
    expect(sent).toMatchObject({ recipients: ['bob'], credentialNames: ['stripe/prod'], file });
    expect(alice.platform.dialogs[0]).toEqual({ kind: 'save', title: 'Save share bundle', defaultName: 'keyhold-share-2025-01-01.age' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(alice.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(file).includes(Buffer.from(VALUE))).toBe(false);
    expect(await alice.call('share.listSent', {})).toEqual([sent]);
    expect((await alice.call('credentials.get', { id })).lastSharedAt).not.toBeNull();

    bob.platform.answerOpen(file);
    const preview = await bob.call('share.preview', { source: { kind: 'dialog' } });
    expect(bob.platform.dialogs[0]).toEqual({ kind: 'open', title: 'Open share bundle', extensions: ['age'] });
    expect(preview).toMatchObject({
      bundleId: sent.bundleId, message: 'for the deploy', sender: { contactName: 'alice' },
      credentials: [{ name: 'stripe/prod', service: 'Stripe', environment: 'prod', clash: false }],
    });
    expect(JSON.stringify(preview)).not.toContain(VALUE);
    const imported = await bob.call('share.import', { token: preview.token });
    expect(imported).toEqual({ imported: ['stripe/prod'] });
    const [mine] = (await bob.call('credentials.list', {})).items;
    expect((await bob.call('credentials.reveal', { id: mine?.id ?? '' })).value).toBe(VALUE);
    // The token is spent, and the bundle can't be imported twice.
    expect((await bob.fail('share.import', { token: preview.token })).code).toBe('NOT_FOUND');
    // Opened again: previewed, with the time it was imported; importing it again is refused.
    bob.platform.answerOpen(file);
    const again = await bob.call('share.preview', { source: { kind: 'dialog' } });
    expect(again).toMatchObject({ bundleId: sent.bundleId, passphrase: false, intendedFor: ['bob'], alreadyImportedAt: new Date(bob.platform.now()).toISOString() });
    expect((await bob.fail('share.import', { token: again.token })).code).toBe('REPLAYED');
    expect((await bob.call('credentials.list', {})).items).toHaveLength(1);
  });

  it('passphrase bundle dropped as bytes; untrusted sender needs trustSender; clash needs a rename', async () => {
    const { alice, bob } = await people();
    const carol = await harness();
    open.push(carol);
    const id = await secret(carol);
    await secret(bob); // bob already has 'stripe/prod'
    const file = join(carol.dir, 'pp.age');
    carol.platform.answerSave(file);
    await carol.call('share.create', { credentialIds: [id], to: { kind: 'passphrase', passphrase: 'tomato basil pepper', intendedFor: ['bob'] }, expiresInSeconds: 600 });
    const base64 = readFileSync(file).toString('base64');
    // A header asking for scrypt 2^20 is refused unread, whatever the passphrase.
    const hostile = Buffer.from(readFileSync(file, 'latin1').replace(/^(-> scrypt \S+) 18$/m, '$1 20'), 'latin1').toString('base64');
    const costly = await bob.fail('share.preview', { source: { kind: 'bytes', base64: hostile }, passphrase: 'tomato basil pepper' });
    expect(costly.code).toBe('INTEGRITY');
    expect(costly.message).toContain('scrypt work factor 2^20');

    expect((await bob.fail('share.preview', { source: { kind: 'bytes', base64 } })).code).toBe('WRONG_PASSWORD');
    expect((await bob.fail('share.preview', { source: { kind: 'bytes', base64 }, passphrase: 'tomato basil pepperr' })).code).toBe('WRONG_PASSWORD');
    const preview = await bob.call('share.preview', { source: { kind: 'bytes', base64 }, passphrase: 'tomato basil pepper' });
    expect(preview.sender.contactName).toBeNull();
    expect(preview.credentials[0]?.clash).toBe(true);
    expect(preview).toMatchObject({ passphrase: true, intendedFor: ['bob'], alreadyImportedAt: null });

    expect((await bob.fail('share.import', { token: preview.token })).code).toBe('UNTRUSTED_SENDER');
    expect((await bob.fail('share.import', { token: preview.token, trustSender: true })).code).toBe('ALREADY_EXISTS');
    expect(await bob.call('share.import', { token: preview.token, trustSender: true, renames: { 'stripe/prod': 'stripe/prod-carol' } })).toEqual({ imported: ['stripe/prod-carol'] });
    expect((await bob.call('credentials.list', { query: 'carol' })).total).toBe(1);
    expect(alice).toBeDefined();
  });

  it('cancelled dialogs, refused credentials and locked previews', async () => {
    const { alice, bob } = await people();
    const id = await secret(alice);
    // Cancelled save: nothing recorded.
    expect((await alice.fail('share.create', { credentialIds: [id], to: { kind: 'contacts', names: ['bob'] }, expiresInSeconds: 3600 })).code).toBe('CANCELLED');
    expect(await alice.call('share.listSent', {})).toEqual([]);
    // A disabled credential is refused before any dialog.
    await alice.call('credentials.setStatus', { id, status: 'disabled' });
    const before = alice.platform.dialogs.length;
    expect((await alice.fail('share.create', { credentialIds: [id], to: { kind: 'contacts', names: ['bob'] }, expiresInSeconds: 3600 })).code).toBe('DISABLED');
    expect(alice.platform.dialogs.length).toBe(before);
    await alice.call('credentials.setStatus', { id, status: 'active' });
    // Cancelled open.
    expect((await bob.fail('share.preview', { source: { kind: 'dialog' } })).code).toBe('CANCELLED');

    const file = join(alice.dir, 'b.age');
    alice.platform.answerSave(file);
    await alice.call('share.create', { credentialIds: [id], to: { kind: 'contacts', names: ['bob'] }, expiresInSeconds: 3600 });
    bob.platform.answerOpen(file);
    const preview = await bob.call('share.preview', { source: { kind: 'dialog' } });
    // Locking drops the opened bundle.
    await bob.call('vault.lock', {});
    await bob.call('vault.unlock', { password: PASSWORD });
    expect((await bob.fail('share.import', { token: preview.token })).code).toBe('NOT_FOUND');
    // An expired bundle is refused.
    await bob.platform.advance(3600_000 + 10 * 60_000);
    bob.platform.userActive();
    await bob.call('vault.unlock', { password: PASSWORD });
    bob.platform.answerOpen(file);
    expect((await bob.fail('share.preview', { source: { kind: 'dialog' } })).code).toBe('EXPIRED');
  });

  it('a failed save leaves no file and no temporary file behind', async () => {
    const { alice } = await people();
    const id = await secret(alice);
    const target = join(alice.dir, 'is-a-folder');
    mkdirSync(join(target, 'child'), { recursive: true }); // a non-empty folder can't be replaced by a file
    alice.platform.answerSave(target);
    expect((await alice.fail('share.create', { credentialIds: [id], to: { kind: 'contacts', names: ['bob'] }, expiresInSeconds: 3600 })).code).toBe('IO');
    expect(readdirSync(alice.dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    alice.platform.answerSave(join(alice.dir, 'missing-folder', 'x.age'));
    expect((await alice.fail('share.create', { credentialIds: [id], to: { kind: 'contacts', names: ['bob'] }, expiresInSeconds: 3600 })).code).toBe('IO');
  });

  it('rejects a malformed or oversized drop', async () => {
    const { bob } = await people();
    expect((await bob.fail('share.preview', { source: { kind: 'bytes', base64: 'not base64!' } })).code).toBe('INVALID_INPUT');
    expect((await bob.fail('share.preview', { source: { kind: 'bytes', base64: 'AAAA' } })).code).toBe('INTEGRITY');
    // The largest drop the schema lets through decodes to just over 1 MiB: refused unread.
    const big = Buffer.alloc(1024 * 1024 + 3, 1).toString('base64');
    expect((await bob.fail('share.preview', { source: { kind: 'bytes', base64: big } })).code).toBe('TOO_LARGE');
  });
});
