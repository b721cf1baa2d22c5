// File-system failures surface as IO errors and leave the vault exactly as it was.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { Vault } from '../../electron/vault/index.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { CLI, PASSWORD, newVault, tempDir, errorOf } from './helpers.ts';

describe('I/O failures', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  it('a full disk gives IO, rolls the action back and leaves the vault usable', async () => {
    const { vault } = await newVault(t.dir);
    vault.add({ name: 'small' }, 'v', CLI);
    const before = { list: vault.list(), audit: vault.audit().length };
    vault.limitPagesForTest(0); // no room beyond the current pages
    const big = 'n'.repeat(19_000);
    let e: KeyholdError | undefined;
    for (let i = 0; i < 50 && !e; i++) e = errorOf(() => vault.add({ name: `big-${i}`, notes: big }, 'SECRET-IO-VALUE', CLI));
    expect(e?.code).toBe('IO');
    expect(e?.message).toMatch(/disk is full/);
    expect(e?.message).not.toContain('SECRET-IO-VALUE');
    vault.limitPagesForTest(null);
    // Whatever committed before the failure is there; the failed add is not, and nothing is half-written.
    const names = vault.list().map((m) => m.name);
    const failedName = `big-${names.length - before.list.length}`;
    expect(names).not.toContain(failedName);
    expect(vault.verify()).toMatchObject({ ok: true });
    expect(vault.audit().length).toBe(before.audit + names.length - before.list.length);
    vault.add({ name: 'after' }, 'ok', CLI);
    expect(vault.readValue('after', 'get', CLI)).toBe('ok');
    vault.close();
  });

  it('an unopenable WAL gives IO, not a crash', async () => {
    const { vault, path } = await newVault(t.dir);
    vault.close();
    mkdirSync(`${path}-wal`); // a directory where SQLite must create its WAL file
    let e: unknown;
    try {
      const v = Vault.open(path);
      await v.unlock(PASSWORD, CLI);
      v.close();
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(KeyholdError);
    expect((e as KeyholdError).code).toBe('IO');
  });
});
