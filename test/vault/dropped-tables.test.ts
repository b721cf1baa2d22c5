// A table dropped behind Keyhold's back: one the vault cannot work without makes opening fail with
// a plain INTEGRITY error (not an internal error at the first read); the derived `snapshots` table
// is not needed: reads, writes and verify go on without it, values unchanged.
import { describe, expect, it } from 'vitest';
import { Vault } from '../../electron/vault/index.ts';
import { CLI, PASSWORD, closedVaultEach, errorOf, withDb } from './helpers.ts';

function dropTable(path: string, table: string): void {
  withDb(path, (db) => db.exec(`DROP TABLE ${table}`));
}

describe('a dropped table', () => {
  const file = closedVaultEach((v) => {
    v.add({ name: 'alpha' }, 'alpha-value-0123456789', CLI);
    v.readAllValues('scan', CLI); // makes the snapshots
  });

  for (const table of ['manifest', 'audit', 'records']) {
    it(`${table}: the vault does not open, with INTEGRITY naming the table`, () => {
      dropTable(file(), table);
      const e = errorOf(() => Vault.open(file()));
      expect(e?.code).toBe('INTEGRITY');
      expect(e?.message).toBe(`The vault file is damaged: its ${table} table is missing. Restore a backup.`);
    });
  }

  it('snapshots: values are read from the rows, writes and verify work', async () => {
    dropTable(file(), 'snapshots');
    const v = Vault.open(file());
    await v.unlock(PASSWORD, CLI);
    expect(v.readAllValues('scan', CLI).map((s) => [s.name, s.versions.map((x) => x.value)])).toEqual([['alpha', ['alpha-value-0123456789']]]);
    v.rotate('alpha', 'alpha-value-rotated-012345', 'test', CLI);
    v.add({ name: 'beta' }, 'beta-value-0123456789', CLI);
    expect(v.readAllValues('scan', CLI).map((s) => s.name).sort()).toEqual(['alpha', 'beta']);
    expect(v.verify().ok).toBe(true);
    v.close();
  });
});
