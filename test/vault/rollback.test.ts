// Rolling single rows back behind Keyhold's back: an older copy of a row together with its older
// version authenticates by itself, so the sealed manifest must say it is not the current one.
// Old rows are at hand for an attacker (the -wal file, free pages): the tests copy rows out of the
// real file before a change and put them back after it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Vault } from '../../electron/vault/index.ts';
import { CLI, PASSWORD, errorOf, newVault, tempDir, withDb } from './helpers.ts';

interface Row { id: string; kind: string; version: number; blob: Buffer; name_hash: Buffer | null }

function rowsOf(path: string, where: string, ...params: unknown[]): Row[] {
  return withDb(path, (db) => db.prepare(`SELECT id, kind, version, blob, name_hash FROM records WHERE ${where}`).all(...params) as Row[]);
}

function putBack(path: string, rows: Row[]): void {
  withDb(path, (db) => {
    const put = db.prepare('INSERT OR REPLACE INTO records (id, kind, version, blob, name_hash) VALUES (@id, @kind, @version, @blob, @name_hash)');
    for (const r of rows) put.run(r);
  });
}

async function unlocked(path: string): Promise<Vault> {
  const v = Vault.open(path);
  await v.unlock(PASSWORD, CLI);
  return v;
}

describe('single-row rollback, deletion and resurrection', () => {
  let t: ReturnType<typeof tempDir>;
  let path: string;
  let vault: Vault;
  beforeEach(async () => {
    t = tempDir();
    ({ vault, path } = await newVault(t.dir));
  });
  afterEach(() => {
    vault.close();
    t.cleanup();
  });

  it('refuses to reveal an older secret row put back with its older version, and verify names it', async () => {
    const cred = vault.add({ name: 'stripe/prod' }, 'sk_old', CLI);
    const old = rowsOf(path, 'id = ?', `secret:${cred.id}`);
    vault.rotate('stripe/prod', 'sk_new', 'leaked', CLI);
    vault.close();
    putBack(path, old);
    vault = await unlocked(path);
    const e = errorOf(() => vault.readValue('stripe/prod', 'reveal', CLI));
    expect(e?.code).toBe('INTEGRITY');
    expect(e?.message).toMatch(/older copy was put back/);
    expect(errorOf(() => vault.history('stripe/prod'))?.code).toBe('INTEGRITY');
    const report = vault.verify();
    expect(report.ok).toBe(false);
    expect(report.failures).toEqual([expect.objectContaining({ id: `secret:${cred.id}`, reason: expect.stringMatching(/older copy/) })]);
  });

  it('does not make a revoked credential active again when its older rows are put back', async () => {
    const cred = vault.add({ name: 'aws/key' }, 'AKIA_VALUE', CLI);
    const old = rowsOf(path, 'id IN (?, ?)', cred.id, `secret:${cred.id}`);
    vault.setStatus('aws/key', 'revoked', CLI);
    vault.close();
    putBack(path, old);
    vault = await unlocked(path);
    expect(errorOf(() => vault.readValue('aws/key', 'get', CLI))?.code).toBe('INTEGRITY');
    expect(errorOf(() => vault.get(cred.id))?.code).toBe('INTEGRITY');
    expect(vault.list().map((m) => m.name)).not.toContain('aws/key');
    expect(vault.damaged()).toEqual([{ id: cred.id, reason: expect.stringMatching(/older copy was put back/) }]);
    // Its name stays taken: nobody can slip a new credential in under it.
    expect(errorOf(() => vault.add({ name: 'aws/key' }, 'other', CLI))?.message).toMatch(/damaged.*run verify/);
  });

  it('detects a deleted share.received document (the same bundle could be imported twice)', async () => {
    vault.putDoc('share.received', 'bundle-1', { importedAt: '2025-01-01T00:00:00.000Z' });
    vault.close();
    withDb(path, (db) => db.prepare("DELETE FROM records WHERE kind = 'doc:share.received'").run());
    vault = await unlocked(path);
    expect(errorOf(() => vault.getDoc('share.received', 'bundle-1'))?.code).toBe('INTEGRITY');
    expect(errorOf(() => vault.listDocs('share.received'))?.code).toBe('INTEGRITY');
    expect(vault.verify().failures).toEqual([expect.objectContaining({ kind: 'doc:share.received', reason: expect.stringMatching(/missing/) })]);
  });

  it('detects an older contact document put back, and refuses to overwrite it', async () => {
    vault.putDoc('contact', 'alice', { line: 'old identity' });
    const old = rowsOf(path, "kind = 'doc:contact'");
    vault.putDoc('contact', 'alice', { line: 'new identity' });
    vault.close();
    putBack(path, old);
    vault = await unlocked(path);
    expect(errorOf(() => vault.getDoc('contact', 'alice'))?.code).toBe('INTEGRITY');
    expect(errorOf(() => vault.listDocs('contact'))?.code).toBe('INTEGRITY');
    // Writing over it would launder the rollback.
    expect(errorOf(() => vault.putDoc('contact', 'alice', { line: 'x' }))?.code).toBe('INTEGRITY');
    expect(vault.verify().ok).toBe(false);
  });

  it('detects a purged credential put back', async () => {
    const cred = vault.add({ name: 'gone' }, 'purged-value', CLI);
    const old = rowsOf(path, 'id IN (?, ?)', cred.id, `secret:${cred.id}`);
    vault.trash('gone', CLI);
    vault.purge('gone', CLI);
    vault.close();
    putBack(path, old);
    vault = await unlocked(path);
    expect(errorOf(() => vault.get(cred.id))?.code).toBe('INTEGRITY');
    expect(errorOf(() => vault.readValue('gone', 'reveal', CLI))?.code).toBe('INTEGRITY');
    expect(vault.list({ scope: 'all' })).toEqual([]);
    expect(vault.damaged()).toEqual([{ id: cred.id, reason: expect.stringMatching(/not in the sealed manifest/) }]);
    const failures = vault.verify().failures;
    expect(failures.map((f) => f.id).sort()).toEqual([cred.id, `secret:${cred.id}`].sort());
    expect(failures.every((f) => /put back/.test(f.reason))).toBe(true);
  });

  it('detects an older manifest bucket or an older head put back', async () => {
    vault.add({ name: 'a' }, 'value-a', CLI);
    vault.putDoc('setting', 's', { n: 1 });
    const oldBucket = withDb(path, (db) => db.prepare("SELECT bucket, version, blob FROM manifest WHERE bucket = 'd:setting'").get()) as { bucket: string; version: number; blob: Buffer };
    const oldHead = rowsOf(path, "id = 'audit-head'");
    vault.putDoc('setting', 's', { n: 2 });
    vault.close();
    const copy = `${path}.copy`;
    withDb(path, (db) => db.prepare('VACUUM INTO ?').run(copy));
    withDb(path, (db) => db.prepare('UPDATE manifest SET version = ?, blob = ? WHERE bucket = ?').run(oldBucket.version, oldBucket.blob, oldBucket.bucket));
    vault = await unlocked(path);
    expect(errorOf(() => vault.getDoc('setting', 's'))?.message).toMatch(/bucket d:setting/);
    expect(vault.verify().failures).toEqual([expect.objectContaining({ id: 'manifest:d:setting' })]);
    vault.close();

    putBack(copy, oldHead);
    vault = Vault.open(copy);
    await vault.unlock(PASSWORD, CLI);
    expect(errorOf(() => vault.getDoc('setting', 's'))?.code).toBe('INTEGRITY');
    expect(errorOf(() => vault.get('a'))?.message).toMatch(/audit trail does not end where its sealed head says/);
    expect(vault.verify().ok).toBe(false);
  });

  it('notices a row put back by another connection while the vault stays unlocked', async () => {
    const cred = vault.add({ name: 'live' }, 'v1', CLI);
    const old = rowsOf(path, 'id = ?', `secret:${cred.id}`);
    vault.rotate('live', 'v2', '', CLI);
    expect(vault.readValue('live', 'reveal', CLI)).toBe('v2');
    putBack(path, old);
    expect(errorOf(() => vault.readValue('live', 'reveal', CLI))?.code).toBe('INTEGRITY');
  });

  it('zeroes deleted rows in the file (secure_delete): a purged ciphertext does not linger', async () => {
    const cred = vault.add({ name: 'shred' }, 'x'.repeat(3000), CLI);
    const [secretRow] = rowsOf(path, 'id = ?', `secret:${cred.id}`);
    vault.trash('shred', CLI);
    vault.purge('shred', CLI);
    vault.close();
    withDb(path, (db) => db.pragma('wal_checkpoint(TRUNCATE)'));
    const file = readFileSync(path);
    expect(file.includes(secretRow!.blob.subarray(40, 80))).toBe(false);
    vault = await unlocked(path);
  });
});
