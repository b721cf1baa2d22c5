// Vaults written by older code (test/vault/fixtures: v1-vault.keyhold by the schema-1 code,
// v2-vault.keyhold by the schema-2 code, each made by its make-vN-fixture.ts) open with this
// build, upgrade to the current schema in one transaction at their first unlock, verify, and read
// back every value, previous value and document.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Vault } from '../../electron/vault/index.ts';
import { CLI, errorOf, tempDir } from './helpers.ts';
import { V1_CREDENTIALS, V1_DOCS, V1_FILE, V1_PASSWORD } from './fixtures/v1-fixture-data.ts';
import { V2_CREDENTIALS, V2_DOCS, V2_FILE, V2_PASSWORD } from './fixtures/v2-fixture-data.ts';
import type { FixtureCredential } from './fixtures/v1-fixture-data.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', V1_FILE);
const FIXTURE_V2 = join(import.meta.dirname, 'fixtures', V2_FILE);
const CURRENT = { userVersion: 3, migrations: [1, 2, 3] };

function schemaOf(path: string): { userVersion: number; migrations: number[]; tables: string[] } {
  const db = new Database(path, { readonly: true });
  try {
    return {
      userVersion: db.pragma('user_version', { simple: true }) as number,
      migrations: (db.prepare('SELECT version FROM migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version),
      tables: (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name),
    };
  } finally {
    db.close();
  }
}

describe('upgrading a schema-1 vault', () => {
  let t: ReturnType<typeof tempDir>;
  let path: string;
  beforeEach(() => {
    t = tempDir();
    path = join(t.dir, 'old.keyhold');
    copyFileSync(FIXTURE, path);
  });
  afterEach(() => t.cleanup());

  it('the fixture is a schema-1 vault', () => {
    expect(schemaOf(path)).toMatchObject({ userVersion: 1, migrations: [1] });
    expect(schemaOf(path).tables).not.toContain('manifest');
  });

  it('opens locked without changing the file, upgrades at unlock, verifies and reads back everything', async () => {
    const v = Vault.open(path);
    expect(schemaOf(path).userVersion).toBe(1);
    await v.unlock(V1_PASSWORD, CLI);
    expect(schemaOf(path)).toMatchObject(CURRENT);
    const report = v.verify();
    expect(report).toMatchObject({ ok: true, failures: [], audit: { ok: true, problems: [] } });

    // The later of two names that are equal in NFC got a number, so both stay reachable.
    const upgradedName = (name: string): string => (name === 'clash/e\u0301' ? 'clash/e\u0301 (2)' : name);
    for (const c of V1_CREDENTIALS) {
      const name = upgradedName(c.name);
      const meta = v.get(name);
      expect(meta.name).toBe(name);
      expect(meta.status).toBe(c.status ?? 'active');
      expect(meta.trashedAt !== null).toBe(c.trashed === true);
      expect(meta.valueVersion).toBe(c.values.length);
      expect(v.readValue(name, 'reveal', CLI)).toBe(c.values.at(-1)!.value);
      for (let i = 0; i < c.values.length; i++) expect(v.readHistoryValue(name, i + 1, CLI)).toBe(c.values[i]!.value);
      expect(v.history(name).map((h) => h.reason)).toEqual(c.values.slice(1).map((x) => x.reason).reverse());
    }
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

    // Once upgraded it stays so: a second unlock does not upgrade again.
    const again = Vault.open(path);
    await again.unlock(V1_PASSWORD, CLI);
    expect(again.audit().filter((e) => e.action === 'vault.upgrade')).toHaveLength(1);
    expect(again.verify().ok).toBe(true);
    again.close();
  });

  it('upgrades in one transaction: a failure half-way leaves the schema-1 vault as it was', async () => {
    const v = Vault.open(path);
    // A full disk: the upgrade's new table and rows do not fit.
    v.limitPagesForTest(0);
    const failed = await v.unlock(V1_PASSWORD, CLI).then(() => null, (e: unknown) => e as { code?: string });
    expect(failed?.code).toBe('IO');
    expect(v.isUnlocked()).toBe(false);
    expect(schemaOf(path)).toMatchObject({ userVersion: 1, migrations: [1] });
    expect(schemaOf(path).tables).not.toContain('manifest');
    v.limitPagesForTest(null);
    await v.unlock(V1_PASSWORD, CLI);
    expect(schemaOf(path)).toMatchObject(CURRENT);
    expect(v.verify().ok).toBe(true);
    v.close();
  });

  it('after the upgrade, names are compared in NFC: the NFC spelling of an NFD name is taken', async () => {
    const v = Vault.open(path);
    await v.unlock(V1_PASSWORD, CLI);
    expect(errorOf(() => v.add({ name: 'caf\u00e9/nfd' }, 'x', CLI))?.code).toBe('ALREADY_EXISTS');
    v.close();
  });
});

/** Every credential of a fixture reads back: status, trash, each value version and rotation reason. */
function expectCredentials(v: Vault, credentials: FixtureCredential[]): void {
  for (const c of credentials) {
    const meta = v.get(c.name);
    expect(meta.status).toBe(c.status ?? 'active');
    expect(meta.trashedAt !== null).toBe(c.trashed === true);
    expect(meta.valueVersion).toBe(c.values.length);
    expect(v.readValue(c.name, 'reveal', CLI)).toBe(c.values.at(-1)!.value);
    for (let i = 0; i < c.values.length; i++) expect(v.readHistoryValue(c.name, i + 1, CLI)).toBe(c.values[i]!.value);
    expect(v.history(c.name).map((h) => h.reason)).toEqual(c.values.slice(1).map((x) => x.reason).reverse());
  }
}

describe('upgrading a schema-2 vault', () => {
  let t: ReturnType<typeof tempDir>;
  let path: string;
  beforeEach(() => {
    t = tempDir();
    path = join(t.dir, 'old.keyhold');
    copyFileSync(FIXTURE_V2, path);
  });
  afterEach(() => t.cleanup());

  it('the fixture is a schema-2 vault without the snapshot table', () => {
    expect(schemaOf(path)).toMatchObject({ userVersion: 2, migrations: [1, 2] });
    expect(schemaOf(path).tables).toContain('manifest');
    expect(schemaOf(path).tables).not.toContain('snapshots');
  });

  it('opens locked without changing the file, upgrades at unlock, verifies and reads back everything', async () => {
    const v = Vault.open(path);
    expect(schemaOf(path).userVersion).toBe(2);
    const auditBefore = new Database(path, { readonly: true });
    const entriesBefore = (auditBefore.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
    auditBefore.close();
    await v.unlock(V2_PASSWORD, CLI);
    expect(schemaOf(path)).toMatchObject(CURRENT);
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
    const db = new Database(path, { readonly: true });
    // One snapshot per credential bucket (the purged credential's bucket, empty, included).
    const buckets = (db.prepare("SELECT bucket FROM manifest WHERE bucket LIKE 'c:%' ORDER BY bucket").all() as { bucket: string }[]).map((r) => r.bucket);
    expect(buckets.length).toBeGreaterThan(1);
    expect((db.prepare('SELECT name FROM snapshots ORDER BY name').all() as { name: string }[]).map((r) => r.name)).toEqual(buckets);
    db.close();
    expect(v.readAllValues('health', CLI)).toEqual(values);
    v.close();

    const again = Vault.open(path);
    await again.unlock(V2_PASSWORD, CLI);
    expect(again.audit().filter((e) => e.action === 'vault.upgrade')).toHaveLength(1);
    expect(again.verify().ok).toBe(true);
    again.close();
  });

  it('upgrades in one transaction: a failure half-way leaves the schema-2 vault as it was', async () => {
    const v = Vault.open(path);
    v.limitPagesForTest(0);
    const failed = await v.unlock(V2_PASSWORD, CLI).then(() => null, (e: unknown) => e as { code?: string });
    expect(failed?.code).toBe('IO');
    expect(v.isUnlocked()).toBe(false);
    expect(schemaOf(path)).toMatchObject({ userVersion: 2, migrations: [1, 2] });
    expect(schemaOf(path).tables).not.toContain('snapshots');
    v.limitPagesForTest(null);
    await v.unlock(V2_PASSWORD, CLI);
    expect(schemaOf(path)).toMatchObject(CURRENT);
    expect(v.verify().ok).toBe(true);
    v.close();
  });
});
