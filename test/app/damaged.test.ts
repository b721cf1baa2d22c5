// A credential record that cannot be read is not silently dropped: credentials.damaged lists it
// by id (name unknown), for the desktop list; the CLI's `ls` lists it as DAMAGED.
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { harness, PASSWORD, type Harness } from '../support/app-harness.ts';
import { makeVault, removeDir } from '../cli/helpers.ts';

function damageRow(vaultPath: string, id: string): void {
  const db = new Database(vaultPath);
  try {
    const row = db.prepare('SELECT blob FROM records WHERE id = ?').get(id) as { blob: Buffer };
    row.blob[40] = (row.blob[40] ?? 0) ^ 0xff;
    db.prepare('UPDATE records SET blob = ? WHERE id = ?').run(row.blob, id);
  } finally {
    db.close();
  }
}

describe('damaged credential records', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('the app lists them by id and keeps their name taken', async () => {
    h = await harness();
    const broken = await h.call('credentials.create', { fields: { name: 'stripe/prod' }, value: { kind: 'text', value: 'sk_live' } });
    await h.call('credentials.create', { fields: { name: 'fine' }, value: { kind: 'text', value: 'ok' } });
    expect(await h.call('credentials.damaged', {})).toEqual([]);
    await h.call('vault.lock', {});
    damageRow(h.vaultPath, broken.id);
    await h.call('vault.unlock', { password: PASSWORD });
    expect((await h.call('credentials.list', { scope: 'all' })).items.map((m) => m.name)).toEqual(['fine']);
    expect(await h.call('credentials.damaged', {})).toEqual([{ id: broken.id, reason: expect.stringMatching(/failed authentication/) }]);
    const taken = await h.fail('credentials.create', { fields: { name: 'stripe/prod' }, value: { kind: 'text', value: 'x' } });
    expect(taken.code).toBe('ALREADY_EXISTS');
  });

  it('keyhold ls shows them as DAMAGED with their id and points to verify', async () => {
    const v = await makeVault();
    try {
      expect((await v.kh(['add', 'stripe/prod', '--value-stdin'], { input: 'sk_live' })).code).toBe(0);
      expect((await v.kh(['add', 'fine', '--value-stdin'], { input: 'ok' })).code).toBe(0);
      const id = (JSON.parse((await v.kh(['show', 'stripe/prod', '--json'])).stdout) as { id: string }).id;
      damageRow(v.vault, id);
      const ls = await v.kh(['ls']);
      expect(ls.code).toBe(0);
      expect(ls.stdout).toMatch(/fine/);
      expect(ls.stdout).toMatch(new RegExp(`\\(name unknown\\).*DAMAGED.*id ${id}: run keyhold verify`));
      expect(ls.stderr).toMatch(/1 credential record\(s\) cannot be read.*run 'keyhold verify'/);
      const add = await v.kh(['add', 'stripe/prod', '--value-stdin'], { input: 'other' });
      expect(add.code).not.toBe(0);
      expect(add.stderr).toMatch(/damaged/);
    } finally {
      removeDir(v.dir);
    }
  });
});
