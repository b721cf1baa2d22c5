// `changePassword(..., { rekey: true })`: a new vault key, every row sealed again. A plain password
// change keeps the vault key, so an old copy of the header plus the old password still opens
// everything added later; after a rekey it opens nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { Vault } from '../../electron/vault/index.ts';
import { CLI, PASSWORD, errorOf, newVault, tempDir } from './helpers.ts';

const NEW_PASSWORD = 'a completely new master password';
const HEADER_KEYS = ['kdf', 'salt', 'wrapped_key'];

function header(path: string): { key: string; value: Buffer }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(`SELECT key, value FROM meta WHERE key IN (${HEADER_KEYS.map(() => '?').join(',')})`).all(...HEADER_KEYS) as { key: string; value: Buffer }[];
  } finally {
    db.close();
  }
}

function putHeaderBack(path: string, rows: { key: string; value: Buffer }[]): void {
  const db = new Database(path);
  try {
    for (const r of rows) db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(r.value, r.key);
  } finally {
    db.close();
  }
}

describe('rekey', () => {
  let t: ReturnType<typeof tempDir>;
  let path: string;
  let vault: Vault;
  beforeEach(async () => {
    t = tempDir();
    ({ vault, path } = await newVault(t.dir));
    vault.add({ name: 'stripe/prod', tags: ['pay'] }, 'sk_one', CLI);
    vault.rotate('stripe/prod', 'sk_two', 'routine', CLI);
    vault.add({ name: 'trashed' }, 'in-trash', CLI);
    vault.trash('trashed', CLI);
    vault.putDoc('contact', 'alice', { line: 'alice identity' });
    vault.putDoc('share.received', 'bundle-1', { importedAt: '2025-01-01T00:00:00.000Z' });
  });
  afterEach(() => {
    vault.close();
    t.cleanup();
  });

  it('seals everything again under a new key in one go; values, history, documents and the audit trail survive', async () => {
    const entriesBefore = vault.audit().length;
    const oldKeys = vault.keyBuffersForTest();
    const blobsBefore = new Set((new Database(path, { readonly: true }).prepare('SELECT blob FROM records UNION ALL SELECT blob FROM audit').all() as { blob: Buffer }[]).map((r) => r.blob.toString('hex')));
    await vault.changePassword(PASSWORD, NEW_PASSWORD, CLI, undefined, { rekey: true });
    // The old key and subkeys are zeroed; the session goes on with the new ones.
    for (const b of oldKeys) expect(b.every((x) => x === 0)).toBe(true);
    expect(vault.readValue('stripe/prod', 'reveal', CLI)).toBe('sk_two');
    vault.close();

    const db = new Database(path, { readonly: true });
    const blobsAfter = (db.prepare('SELECT blob FROM records UNION ALL SELECT blob FROM audit').all() as { blob: Buffer }[]).map((r) => r.blob.toString('hex'));
    db.close();
    expect(blobsAfter.filter((b) => blobsBefore.has(b))).toEqual([]);

    vault = Vault.open(path);
    expect((await vault.unlock(PASSWORD, CLI).catch((e: { code: string }) => e))).toMatchObject({ code: 'WRONG_PASSWORD' });
    await vault.unlock(NEW_PASSWORD, CLI);
    expect(vault.verify()).toMatchObject({ ok: true, failures: [], audit: { ok: true } });
    expect(vault.readValue('stripe/prod', 'reveal', CLI)).toBe('sk_two');
    expect(vault.readHistoryValue('stripe/prod', 1, CLI)).toBe('sk_one');
    expect(vault.get('trashed').trashedAt).not.toBeNull();
    expect(vault.getDoc('contact', 'alice')).toEqual({ line: 'alice identity' });
    expect(vault.getDoc('share.received', 'bundle-1')).toBeDefined();
    const audit = vault.audit();
    expect(audit.length).toBeGreaterThan(entriesBefore);
    expect(audit.find((e) => e.action === 'password.change')?.detail).toMatch(/new vault key/);
    expect(audit.filter((e) => e.action === 'create').map((e) => e.credentialName)).toEqual(['stripe/prod', 'trashed']);
  });

  it('an old copy of the header and the old password open nothing added after a rekey', async () => {
    const oldHeader = header(path);
    await vault.changePassword(PASSWORD, NEW_PASSWORD, CLI, undefined, { rekey: true });
    const added = vault.add({ name: 'added/after' }, 'secret-after-rekey', CLI);
    vault.close();
    putHeaderBack(path, oldHeader);
    vault = Vault.open(path);
    await vault.unlock(PASSWORD, CLI); // the old wrapping still holds the old key...
    // ...which opens nothing: every row is sealed under the new one, and the name index is keyed too.
    expect(errorOf(() => vault.readValue(added.id, 'reveal', CLI))?.code).toBe('INTEGRITY');
    expect(['NOT_FOUND', 'INTEGRITY']).toContain(errorOf(() => vault.readValue('added/after', 'reveal', CLI))?.code);
    expect(errorOf(() => vault.list())?.code).toBe('INTEGRITY');
    const report = vault.verify();
    expect(report.ok).toBe(false);
    expect(report.failures.length).toBe(report.recordsChecked);
  });

  it('without rekey, the same old header and password still open what was added later (what a plain change does not protect)', async () => {
    const oldHeader = header(path);
    await vault.changePassword(PASSWORD, NEW_PASSWORD, CLI);
    vault.add({ name: 'added/after' }, 'secret-after-change', CLI);
    vault.close();
    putHeaderBack(path, oldHeader);
    vault = Vault.open(path);
    await vault.unlock(PASSWORD, CLI);
    expect(vault.readValue('added/after', 'reveal', CLI)).toBe('secret-after-change');
  });

  it('refuses to rekey a vault that does not verify, and changes nothing', async () => {
    const cred = vault.get('stripe/prod');
    vault.close();
    const db = new Database(path);
    db.prepare('UPDATE records SET version = version + 1 WHERE id = ?').run(`secret:${cred.id}`);
    db.close();
    const before = header(path);
    vault = Vault.open(path);
    await vault.unlock(PASSWORD, CLI);
    const e = await vault.changePassword(PASSWORD, NEW_PASSWORD, CLI, undefined, { rekey: true }).catch((x: { code: string; message: string }) => x);
    expect(e).toMatchObject({ code: 'INTEGRITY', message: expect.stringMatching(/nothing was changed/) });
    expect(header(path)).toEqual(before);
    expect(vault.get('trashed').name).toBe('trashed');
  });
});
