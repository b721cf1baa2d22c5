// Key hierarchy: wrong password, throttling that survives restarts, password change, zeroing,
// the default Argon2 parameters, file-format checks and the secret generator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_KDF, Vault, generateSecret } from '../../electron/vault/index.ts';
import { ALPHABETS } from '../../electron/vault/generator.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { CLI, LOW_KDF, PASSWORD, TestClock, newVault, tempDir } from './helpers.ts';

async function codeOf(p: Promise<unknown>): Promise<KeyholdError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof KeyholdError) return e;
    throw e;
  }
  throw new Error('expected a KeyholdError');
}

describe('keys and unlocking', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  it('gives WRONG_PASSWORD for a wrong password, without the password in the message', async () => {
    const { vault, path } = await newVault(t.dir);
    vault.close();
    const v = Vault.open(path);
    const e = await codeOf(v.unlock('hunter2-wrong', CLI));
    expect(e.code).toBe('WRONG_PASSWORD');
    expect(e.message).not.toContain('hunter2');
    expect(v.isUnlocked()).toBe(false);
    await v.unlock(PASSWORD, CLI);
    expect(v.isUnlocked()).toBe(true);
    v.close();
  });

  it('throttles after three failures with growing waits that survive a restart, without trying the password', async () => {
    const clock = new TestClock();
    const { vault, path } = await newVault(t.dir, clock);
    vault.close();
    let v = Vault.open(path, { clock: clock.now });
    for (let i = 0; i < 3; i++) expect((await codeOf(v.unlock('bad', CLI))).code).toBe('WRONG_PASSWORD');
    expect(v.throttleStatus()).toEqual({ failedAttempts: 3, retryAfterMs: 1000 });
    // Even the right password is not tried while throttled.
    const th = await codeOf(v.unlock(PASSWORD, CLI));
    expect(th.code).toBe('THROTTLED');
    expect(th.retryAfterMs).toBe(1000);
    v.close();

    v = Vault.open(path, { clock: clock.now });
    expect(v.throttleStatus()).toEqual({ failedAttempts: 3, retryAfterMs: 1000 });
    clock.advance(1000);
    expect((await codeOf(v.unlock('bad', CLI))).code).toBe('WRONG_PASSWORD');
    expect(v.throttleStatus()).toEqual({ failedAttempts: 4, retryAfterMs: 2000 });
    clock.advance(2000);
    expect((await codeOf(v.unlock('bad', CLI))).code).toBe('WRONG_PASSWORD');
    expect(v.throttleStatus().retryAfterMs).toBe(4000);
    clock.advance(1500);
    expect(v.throttleStatus().retryAfterMs).toBe(2500);
    clock.advance(2500);
    await v.unlock(PASSWORD, CLI);
    expect(v.throttleStatus()).toEqual({ failedAttempts: 0, retryAfterMs: 0 });
    // The five failures were appended at this unlock, before the unlock record.
    expect(v.audit({ limit: 6 }).map((e) => e.action)).toEqual(['unlock.failed', 'unlock.failed', 'unlock.failed', 'unlock.failed', 'unlock.failed', 'unlock']);
    v.close();
  });

  it('counts wrong current passwords of a password change towards the same throttle', async () => {
    const clock = new TestClock();
    const { vault } = await newVault(t.dir, clock);
    for (let i = 0; i < 3; i++) expect((await codeOf(vault.changePassword('guess ' + i, 'new password 1', CLI))).code).toBe('WRONG_PASSWORD');
    expect(vault.throttleStatus()).toEqual({ failedAttempts: 3, retryAfterMs: 1000 });
    // Refused before Argon2 runs, even with the right password.
    const th = await codeOf(vault.changePassword(PASSWORD, 'new password 1', CLI));
    expect(th.code).toBe('THROTTLED');
    expect(th.message).not.toContain(PASSWORD);
    clock.advance(1000);
    await vault.changePassword(PASSWORD, 'new password 1', CLI);
    vault.lock(CLI);
    await vault.unlock('new password 1', CLI);
    expect(vault.throttleStatus()).toEqual({ failedAttempts: 0, retryAfterMs: 0 });
    // Each failure is audited once, as a failed password change (not again as unlock.failed).
    const actions = vault.audit().map((e) => `${e.action}:${e.result}`).filter((a) => a.startsWith('password.change') || a.startsWith('unlock.failed'));
    expect(actions).toEqual(['password.change:failed', 'password.change:failed', 'password.change:failed', 'password.change:ok']);
    vault.close();
  });

  it('caps the wait at 15 minutes', async () => {
    const clock = new TestClock();
    const { vault, path } = await newVault(t.dir, clock);
    vault.close();
    const db = new Database(path);
    db.prepare("UPDATE meta SET value = ? WHERE key = 'unlock_failures'").run(Buffer.from('40'));
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('unlock_last_failure', ?)").run(Buffer.from(String(clock.t)));
    db.close();
    const v = Vault.open(path, { clock: clock.now });
    expect(v.throttleStatus().retryAfterMs).toBe(15 * 60 * 1000);
    v.close();
  });

  it('changes the password by re-wrapping the vault key; the old one stops working', async () => {
    const { vault, path } = await newVault(t.dir);
    vault.add({ name: 'k' }, 'kept', CLI);
    expect((await codeOf(vault.changePassword('wrong-old', 'x', CLI))).code).toBe('WRONG_PASSWORD');
    await vault.changePassword(PASSWORD, 'brand new pass', CLI, { memoryCost: 9216, timeCost: 1, parallelism: 2 });
    expect(vault.kdfParams()).toEqual({ memoryCost: 9216, timeCost: 1, parallelism: 2 });
    expect(vault.readValue('k', 'get', CLI)).toBe('kept');
    vault.close();
    const v = Vault.open(path);
    expect((await codeOf(v.unlock(PASSWORD, CLI))).code).toBe('WRONG_PASSWORD');
    await v.unlock('brand new pass', CLI);
    expect(v.readValue('k', 'get', CLI)).toBe('kept');
    expect(v.verify().ok).toBe(true);
    v.close();
  });

  it('lock zeroes the vault key and subkeys and drops decrypted data', async () => {
    const { vault } = await newVault(t.dir);
    vault.add({ name: 'z' }, 'zz', CLI);
    const bufs = vault.keyBuffersForTest();
    expect(bufs).toHaveLength(5); // vault key, record, audit, doc-id and name-index subkeys
    for (const b of bufs) expect(b.some((x) => x !== 0)).toBe(true);
    vault.lock(CLI);
    for (const b of bufs) expect(b.every((x) => x === 0)).toBe(true);
    expect(vault.keyBuffersForTest()).toEqual([]);
    expect(() => vault.list()).toThrow(/locked/);
    expect(() => vault.get('z')).toThrow(/locked/);
    vault.close();
  });

  it('works with the default Argon2 parameters (64 MiB, 3 passes, 4 lanes)', async () => {
    expect(DEFAULT_KDF).toEqual({ memoryCost: 65536, timeCost: 3, parallelism: 4 });
    const path = join(t.dir, 'default.keyhold');
    const v = await Vault.create(path, PASSWORD);
    expect(v.kdfParams()).toEqual(DEFAULT_KDF);
    v.add({ name: 'd' }, 'dv', CLI);
    v.close();
    const w = Vault.open(path);
    expect((await codeOf(w.unlock('wrong', CLI))).code).toBe('WRONG_PASSWORD');
    await w.unlock(PASSWORD, CLI);
    expect(w.readValue('d', 'get', CLI)).toBe('dv');
    w.close();
  });

  it('rejects too-weak Argon2 parameters and empty passwords', async () => {
    const path = join(t.dir, 'weak.keyhold');
    expect((await codeOf(Vault.create(path, PASSWORD, { kdf: { memoryCost: 8, timeCost: 1, parallelism: 1 } }))).code).toBe('INVALID_INPUT');
    expect((await codeOf(Vault.create(path, '', { kdf: LOW_KDF }))).code).toBe('INVALID_INPUT');
    expect(Vault.exists(path)).toBe(false);
  });

  it('tells missing, foreign and newer files apart', async () => {
    expect(() => Vault.open(join(t.dir, 'none.keyhold'))).toThrow(expect.objectContaining({ code: 'NO_VAULT' }));
    const junk = join(t.dir, 'junk.keyhold');
    writeFileSync(junk, 'this is not a database at all, just some text that is long enough'.repeat(20));
    expect(() => Vault.open(junk)).toThrow(expect.objectContaining({ code: 'INTEGRITY' }));
    const foreign = join(t.dir, 'foreign.sqlite');
    const db = new Database(foreign);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => Vault.open(foreign)).toThrow(expect.objectContaining({ code: 'INTEGRITY' }));
    const { vault, path } = await newVault(t.dir);
    vault.close();
    const d2 = new Database(path);
    d2.pragma('user_version = 99');
    d2.close();
    expect(() => Vault.open(path)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_VERSION' }));
  });

  it('reports a damaged key-derivation header as INTEGRITY, without counting a wrong password', async () => {
    const { vault, path } = await newVault(t.dir);
    vault.close();
    for (const damaged of ['{not json', '{"memoryCost":"lots","timeCost":1,"parallelism":1}']) {
      const db = new Database(path);
      db.prepare("UPDATE meta SET value = ? WHERE key = 'kdf'").run(Buffer.from(damaged));
      db.close();
      const v = Vault.open(path);
      const e = await codeOf(v.unlock(PASSWORD, CLI));
      expect(e.code).toBe('INTEGRITY');
      expect(e.message).toMatch(/key-derivation parameters are missing or damaged/);
      expect(e.message).not.toContain(PASSWORD);
      expect(() => v.kdfParams()).toThrow(expect.objectContaining({ code: 'INTEGRITY' }));
      expect(v.throttleStatus().failedAttempts).toBe(0);
      v.close();
    }
  });

  it('records the schema version in a migrations table', async () => {
    const { vault, path } = await newVault(t.dir);
    vault.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT version FROM migrations ORDER BY version').all()).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    db.close();
  });
});

describe('secret generator', () => {
  it('draws from the chosen alphabet with the stated entropy and prefix', () => {
    for (const alphabet of ['hex', 'base64url', 'alphanumeric', 'symbols'] as const) {
      const { value, entropyBits } = generateSecret({ length: 40, alphabet, prefix: 'sk_live_' });
      expect(value.startsWith('sk_live_')).toBe(true);
      const body = value.slice('sk_live_'.length);
      expect(body).toHaveLength(40);
      for (const ch of body) expect(ALPHABETS[alphabet]).toContain(ch);
      expect(entropyBits).toBeCloseTo(40 * Math.log2(ALPHABETS[alphabet].length), 6);
    }
    expect(generateSecret({ length: 32, alphabet: 'hex' }).entropyBits).toBe(128);
    expect(ALPHABETS.base64url).toHaveLength(64);
    expect(ALPHABETS.alphanumeric).toHaveLength(62);
  });

  it('uses every character of the alphabet and does not repeat', () => {
    const seen = new Set<string>();
    const values = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const v = generateSecret({ length: 32, alphabet: 'hex' }).value;
      values.add(v);
      for (const c of v) seen.add(c);
    }
    expect(values.size).toBe(200);
    expect(seen.size).toBe(16);
  });

  it('rejects bad options', () => {
    expect(() => generateSecret({ length: 4, alphabet: 'hex' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => generateSecret({ length: 16, alphabet: 'emoji' as never })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => generateSecret({ length: 16, alphabet: 'hex', prefix: 'has space' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
