// The unlock throttle against a hostile header: every value read before unlock is plaintext that
// anyone with the file can write, so it is clamped instead of trusted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { Vault } from '../../electron/vault/index.ts';
import { CLI, PASSWORD, TestClock, newVault, tempDir } from './helpers.ts';

function setMeta(path: string, rows: Record<string, string>): void {
  const db = new Database(path);
  const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  for (const [k, v] of Object.entries(rows)) put.run(k, Buffer.from(v));
  db.close();
}

function metaText(path: string, key: string): string | undefined {
  const db = new Database(path, { readonly: true });
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: Buffer } | undefined;
  db.close();
  return row?.value.toString('utf8');
}

describe('unlock throttle and a hostile header', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  it('counts an attempt before Argon2 runs and takes it back when the password is right', async () => {
    const clock = new TestClock();
    const { vault, path } = await newVault(t.dir, clock);
    vault.close();
    const v = Vault.open(path, { clock: clock.now });
    const pending = v.unlock(PASSWORD, CLI);
    // Argon2 is running: the attempt is already on file, where a parallel process sees it.
    expect(metaText(path, 'unlock_failures')).toBe('1');
    expect(JSON.parse(metaText(path, 'unlock_pending') ?? '[]')).toEqual([clock.t]);
    await pending;
    expect(v.throttleStatus()).toEqual({ failedAttempts: 0, retryAfterMs: 0 });
    expect(metaText(path, 'unlock_pending')).toBe('[]');
    expect(v.audit().map((e) => e.action)).not.toContain('unlock.failed');
    v.close();
  });

  it('opens with the right password when the pending failure times are absurd, and audits one "unknown time" failure', async () => {
    const clock = new TestClock();
    for (const pending of ['[1e300]', '[0, 4102444800000]', '"not a list"', '{broken json', '[-5, "x", null]']) {
      const { vault, path } = await newVault(t.dir, clock);
      vault.close();
      setMeta(path, { unlock_pending: pending });
      const v = Vault.open(path, { clock: clock.now });
      await v.unlock(PASSWORD, CLI);
      const failed = v.audit().filter((e) => e.action === 'unlock.failed');
      expect(failed, pending).toHaveLength(1);
      expect(failed[0]!.detail).toMatch(/unknown time/);
      // Dated now, never 1970 or 2100.
      expect(failed[0]!.time).toBe(new Date(clock.t).toISOString());
      expect(v.throttleStatus().failedAttempts).toBe(0);
      v.close();
      t.cleanup();
      t = tempDir();
    }
  });

  it('keeps plausible pending times and drops only the malformed ones into one record', async () => {
    const clock = new TestClock();
    const { vault, path } = await newVault(t.dir, clock);
    vault.close();
    const earlier = clock.t - 60_000;
    setMeta(path, { unlock_pending: JSON.stringify([earlier, 1e300, 'x']) });
    const v = Vault.open(path, { clock: clock.now });
    await v.unlock(PASSWORD, CLI);
    const failed = v.audit().filter((e) => e.action === 'unlock.failed');
    expect(failed.map((e) => e.time)).toEqual([new Date(earlier).toISOString(), new Date(clock.t).toISOString()]);
    expect(failed[1]!.detail).toMatch(/unknown time/);
    v.close();
  });

  it('clamps a last failure in the future to now: the wait never exceeds 15 minutes', async () => {
    const clock = new TestClock();
    const { vault, path } = await newVault(t.dir, clock);
    vault.close();
    for (const last of [String(clock.t + 1e15), '1e300', 'Infinity', 'soon']) {
      setMeta(path, { unlock_failures: '10', unlock_last_failure: last });
      const v = Vault.open(path, { clock: clock.now });
      const { retryAfterMs } = v.throttleStatus();
      expect(retryAfterMs, last).toBeGreaterThan(0);
      expect(retryAfterMs, last).toBeLessThanOrEqual(15 * 60 * 1000);
      v.close();
    }
    // A huge failure count also waits 15 minutes at most, and the wait ends.
    setMeta(path, { unlock_failures: '99999999999999', unlock_last_failure: String(clock.t) });
    const v = Vault.open(path, { clock: clock.now });
    expect(v.throttleStatus().retryAfterMs).toBe(15 * 60 * 1000);
    clock.advance(15 * 60 * 1000);
    await v.unlock(PASSWORD, CLI);
    v.close();
  });

  it('treats a malformed failure count as none rather than failing', async () => {
    const clock = new TestClock();
    const { vault, path } = await newVault(t.dir, clock);
    vault.close();
    setMeta(path, { unlock_failures: '-7', unlock_last_failure: 'x' });
    const v = Vault.open(path, { clock: clock.now });
    expect(v.throttleStatus()).toEqual({ failedAttempts: 0, retryAfterMs: 0 });
    await v.unlock(PASSWORD, CLI);
    v.close();
  });
});
