import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Vault, type VaultApi } from '../../electron/vault/index.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { CLI, LOW_KDF, PASSWORD, newVault, tempDir, type TestClock } from './helpers.ts';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof KeyholdError) return e.code;
    throw e;
  }
  return undefined;
}

describe('vault basics', () => {
  let t: ReturnType<typeof tempDir>;
  let vault: Vault;
  let path: string;
  let clock: TestClock;
  beforeEach(async () => {
    t = tempDir();
    ({ vault, path, clock } = await newVault(t.dir));
  });
  afterEach(() => {
    vault.close();
    t.cleanup();
  });

  it('creates an unlocked vault with private file modes and refuses to overwrite it', async () => {
    expect(vault.isUnlocked()).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(Vault.exists(path)).toBe(true);
    await expect(Vault.create(path, PASSWORD, { kdf: LOW_KDF, allowInsecureKdf: true })).rejects.toMatchObject({ code: 'VAULT_EXISTS' });
  });

  it('creates missing parent folders with mode 0700', async () => {
    const p = join(t.dir, 'a', 'b', 'v.keyhold');
    const v = await Vault.create(p, PASSWORD, { kdf: LOW_KDF, allowInsecureKdf: true });
    expect(statSync(join(t.dir, 'a', 'b')).mode & 0o777).toBe(0o700);
    v.close();
  });

  it('adds with defaults, gets by name and id, lists and reads the value', () => {
    const m = vault.add({ name: 'stripe/prod', tags: ['pay', 'pay', 'prod'] }, 'sk_live_123', CLI);
    expect(m).toMatchObject({
      name: 'stripe/prod', service: '', environment: 'other', keyType: 'private', tags: ['pay', 'prod'], notes: '',
      scopes: [], allowedIps: [], allowedDomains: [], expiresAt: null, rotationIntervalDays: null, status: 'active',
      valueVersion: 1, trashedAt: null, lastSharedAt: null,
    });
    expect(vault.get('stripe/prod').id).toBe(m.id);
    expect(vault.get(m.id).name).toBe('stripe/prod');
    expect(vault.list().map((x) => x.name)).toEqual(['stripe/prod']);
    expect(vault.readValue('stripe/prod', 'get', CLI)).toBe('sk_live_123');
  });

  it('enforces unique names, including against the trash', () => {
    vault.add({ name: 'a' }, 'v1', CLI);
    expect(code(() => vault.add({ name: 'a' }, 'v2', CLI))).toBe('ALREADY_EXISTS');
    vault.trash('a', CLI);
    expect(code(() => vault.add({ name: 'a' }, 'v2', CLI))).toBe('ALREADY_EXISTS');
    vault.add({ name: 'A' }, 'v3', CLI); // case-sensitive
    const b = vault.add({ name: 'b' }, 'v4', CLI);
    expect(code(() => vault.edit(b.id, { name: 'A' }, CLI))).toBe('ALREADY_EXISTS');
  });

  it('validates input without echoing the value', () => {
    let err: unknown;
    try {
      vault.add({ name: ' bad name' }, 'super-secret-value', CLI);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KeyholdError);
    expect((err as KeyholdError).code).toBe('INVALID_INPUT');
    expect(code(() => vault.add({ name: 'ok' }, '', CLI))).toBe('INVALID_INPUT');
    expect(code(() => vault.add({ name: 'ok', environment: 'nope' as never }, 'x', CLI))).toBe('INVALID_INPUT');
    const big = 'Q'.repeat(70_000);
    try {
      vault.add({ name: 'ok' }, big, CLI);
    } catch (e) {
      expect((e as Error).message).not.toContain('QQQQ');
    }
  });

  it('locks, refuses work while locked, and unlocks with the password', async () => {
    vault.add({ name: 'x' }, 'value-x', CLI);
    vault.lock(CLI);
    expect(vault.isUnlocked()).toBe(false);
    expect(code(() => vault.list())).toBe('LOCKED');
    await expect(vault.unlock('wrong', CLI)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await vault.unlock(PASSWORD, CLI);
    expect(vault.readValue('x', 'reveal', CLI)).toBe('value-x');
    clock.advance(1);
  });

  it('reopens from disk', async () => {
    vault.add({ name: 'persist' }, 'pv', CLI);
    vault.close();
    vault = Vault.open(path, { clock: clock.now });
    expect(vault.isUnlocked()).toBe(false);
    await vault.unlock(PASSWORD, CLI);
    expect(vault.readValue('persist', 'get', CLI)).toBe('pv');
  });

  it('is usable through the VaultApi type', () => {
    const api: VaultApi = vault;
    expect(api.vaultId).toMatch(/[0-9a-f-]{36}/);
  });
});
