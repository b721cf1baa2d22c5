// Vaults written by older code (test/vault/fixtures: v1-vault.keyhold by the schema-1 code,
// v2-vault.keyhold by the schema-2 code, each made by its make-vN-fixture.ts) open with this
// build, upgrade to the current schema in one transaction at their first unlock, verify, and read
// back every value, previous value and document.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { Vault } from '../../electron/vault/index.ts';
import { CLI, errorOf, tempDir, withDb } from './helpers.ts';
import { V1_CREDENTIALS, V1_DOCS, V1_FILE, V1_PASSWORD, type FixtureCredential } from './fixtures/v1-fixture-data.ts';
import { V2_CREDENTIALS, V2_DOCS, V2_FILE, V2_PASSWORD } from './fixtures/v2-fixture-data.ts';

const CURRENT = { userVersion: 3, migrations: [1, 2, 3] };

function schemaOf(path: string): { userVersion: number; migrations: number[]; tables: string[] } {
  return withDb(path, (db) => ({
    userVersion: db.pragma('user_version', { simple: true }) as number,
    migrations: (db.prepare('SELECT version FROM migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version),
    tables: (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name),
  }), { readonly: true });
}

/** A fresh copy of the fixture `file` for each test; returns the copy's path. */
function fixtureCopy(file: string): () => string {
  let t: ReturnType<typeof tempDir>;
  let path = '';
  beforeEach(() => {
    t = tempDir();
    path = join(t.dir, 'old.keyhold');
    copyFileSync(join(import.meta.dirname, 'fixtures', file), path);
  });
  afterEach(() => t.cleanup());
  return () => path;
}

/** Every credential of a fixture reads back (under `nameOf` its name after the upgrade): status, trash, each value version and rotation reason. */
function expectCredentials(v: Vault, credentials: FixtureCredential[], nameOf = (name: string): string => name): void {
  for (const c of credentials) {
    const name = nameOf(c.name);
    const meta = v.get(name);
    expect(meta.name.normalize('NFC')).toBe(name.normalize('NFC'));
    expect(meta.status).toBe(c.status ?? 'active');
    expect(meta.trashedAt !== null).toBe(c.trashed === true);
    expect(meta.valueVersion).toBe(c.values.length);
    expect(v.readValue(name, 'reveal', CLI)).toBe(c.values.at(-1)!.value);
    for (let i = 0; i < c.values.length; i++) expect(v.readHistoryValue(name, i + 1, CLI)).toBe(c.values[i]!.value);
    expect(v.history(name).map((h) => h.reason)).toEqual(c.values.slice(1).map((x) => x.reason).reverse());
  }
}

/** Once upgraded it stays so: a second unlock does not upgrade again, and the vault verifies. */
async function expectUpgradedOnce(path: string, password: string): Promise<void> {
  const again = Vault.open(path);
  await again.unlock(password, CLI);
  expect(again.audit().filter((e) => e.action === 'vault.upgrade')).toHaveLength(1);
  expect(again.verify().ok).toBe(true);
  again.close();
}

/** A full disk during the upgrade (its new table and rows do not fit) leaves the file as it was; the next unlock upgrades it. */
async function expectAtomicUpgrade(path: string, password: string, was: { userVersion: number; migrations: number[] }, newTable: string): Promise<void> {
  const v = Vault.open(path);
  v.limitPagesForTest(0);
  const failed = await v.unlock(password, CLI).then(() => null, (e: unknown) => e as { code?: string });
  expect(failed?.code).toBe('IO');
  expect(v.isUnlocked()).toBe(false);
  expect(schemaOf(path)).toMatchObject(was);
  expect(schemaOf(path).tables).not.toContain(newTable);
  v.limitPagesForTest(null);
  await v.unlock(password, CLI);
  expect(schemaOf(path)).toMatchObject(CURRENT);
  expect(v.verify().ok).toBe(true);
  v.close();
}

describe('upgrading a schema-1 vault', () => {
  const path = fixtureCopy(V1_FILE);

  it('the fixture is a schema-1 vault', () => {
    expect(schemaOf(path())).toMatchObject({ userVersion: 1, migrations: [1] });
    expect(schemaOf(path()).tables).not.toContain('manifest');
  });

  it('opens locked without changing the file, upgrades at unlock, verifies and reads back everything', async () => {
    const v = Vault.open(path());
    expect(schemaOf(path()).userVersion).toBe(1);
    await v.unlock(V1_PASSWORD, CLI);
    expect(schemaOf(path())).toMatchObject(CURRENT);
    expect(v.verify()).toMatchObject({ ok: true, failures: [], audit: { ok: true, problems: [] } });

    // The later of two names that are equal in NFC got a number, so both stay reachable.
    expectCredentials(v, V1_CREDENTIALS, (name) => (name === 'clash/e\u0301' ? 'clash/e\u0301 (2)' : name));
    // Written in NFD by the old code: found by its NFC spelling too.
    expect(v.get('caf\u00e9/nfd').id).toBe(v.get('cafe\u0301/nfd').id);
    expect(v.list({ scope: 'all' })).toHaveLength(V1_CREDENTIALS.length);
    for (const d of V1_DOCS) expect(v.getDoc(d.kind, d.id)).toEqual(d.doc);
    expect(v.listDocs('contact').map((d) => d.id)).toEqual(['alice']);

    const audit = v.audit();
    expect(v.readValue('clash/\u00e9', 'reveal', CLI)).toBe('clash-nfc');
    expect(v.audit().filter((e) => e.action === 'vault.upgrade')).toEqual([expect.objectContaining({ detail: expect.stringMatching(/format 1 -> 3: name index and sealed manifest; 1 credential\(s\) renamed.*; value snapshot table/) })]);
    expect(audit.filter((e) => e.action === 'purge')).toHaveLength(1);
    expect(v.damaged()).toEqual([]);
    v.close();
    await expectUpgradedOnce(path(), V1_PASSWORD);
  });

  it('upgrades in one transaction: a failure half-way leaves the schema-1 vault as it was', async () => {
    await expectAtomicUpgrade(path(), V1_PASSWORD, { userVersion: 1, migrations: [1] }, 'manifest');
  });

  it('after the upgrade, names are compared in NFC: the NFC spelling of an NFD name is taken', async () => {
    const v = Vault.open(path());
    await v.unlock(V1_PASSWORD, CLI);
    expect(errorOf(() => v.add({ name: 'caf\u00e9/nfd' }, 'x', CLI))?.code).toBe('ALREADY_EXISTS');
    v.close();
  });
});

describe('upgrading a schema-2 vault', () => {
  const path = fixtureCopy(V2_FILE);

  it('the fixture is a schema-2 vault without the snapshot table', () => {
    expect(schemaOf(path())).toMatchObject({ userVersion: 2, migrations: [1, 2] });
    expect(schemaOf(path()).tables).toContain('manifest');
    expect(schemaOf(path()).tables).not.toContain('snapshots');
  });

  it('opens locked without changing the file, upgrades at unlock, verifies and reads back everything', async () => {
    const v = Vault.open(path());
    expect(schemaOf(path()).userVersion).toBe(2);
    const entriesBefore = withDb(path(), (db) => (db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n, { readonly: true });
    await v.unlock(V2_PASSWORD, CLI);
    expect(schemaOf(path())).toMatchObject(CURRENT);
    expect(v.verify()).toMatchObject({ ok: true, failures: [], audit: { ok: true, problems: [] } });
    expectCredentials(v, V2_CREDENTIALS);
    for (const d of V2_DOCS) expect(v.getDoc(d.kind, d.id)).toEqual(d.doc);
    expect(v.audit().filter((e) => e.action === 'vault.upgrade')).toEqual([expect.objectContaining({ detail: 'format 2 -> 3: value snapshot table' })]);
    // The old trail is kept and goes on: its entries, then the upgrade and the unlock.
    expect(v.audit().length).toBeGreaterThanOrEqual(entriesBefore + 2);
    expect(v.verifyAudit()).toMatchObject({ ok: true });

    // The new table works: the bulk read fills it, and the values are the live credentials'.
    const live = V2_CREDENTIALS.filter((c) => !c.trashed);
    const values = v.readAllValues('health', CLI);
    expect(values.map((s) => s.name.normalize('NFC')).sort()).toEqual(live.map((c) => c.name.normalize('NFC')).sort());
    withDb(path(), (db) => {
      // One snapshot per credential bucket (the purged credential's bucket, empty, included).
      const buckets = (db.prepare("SELECT bucket FROM manifest WHERE bucket LIKE 'c:%' ORDER BY bucket").all() as { bucket: string }[]).map((r) => r.bucket);
      expect(buckets.length).toBeGreaterThan(1);
      expect((db.prepare('SELECT name FROM snapshots ORDER BY name').all() as { name: string }[]).map((r) => r.name)).toEqual(buckets);
    }, { readonly: true });
    expect(v.readAllValues('health', CLI)).toEqual(values);
    v.close();
    await expectUpgradedOnce(path(), V2_PASSWORD);
  });

  it('upgrades in one transaction: a failure half-way leaves the schema-2 vault as it was', async () => {
    await expectAtomicUpgrade(path(), V2_PASSWORD, { userVersion: 2, migrations: [1, 2] }, 'snapshots');
  });
});
