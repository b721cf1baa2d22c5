// Shared fixtures for vault tests: temp folders, low Argon2 parameters, a controllable clock.
import { afterEach, beforeEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Vault } from '../../electron/vault/index.ts';
import type { KdfParams, OriginInfo } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';

export const LOW_KDF: KdfParams = { memoryCost: 8192, timeCost: 1, parallelism: 1 };
export const CLI: OriginInfo = { kind: 'cli', command: 'test' };
export const DESKTOP: OriginInfo = { kind: 'desktop' };
export const PASSWORD = 'correct horse battery staple';

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'keyhold-vault-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export class TestClock {
  t = Date.parse('2025-01-01T00:00:00.000Z');
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export async function newVault(dir: string, clock = new TestClock()): Promise<{ vault: Vault; path: string; clock: TestClock }> {
  const path = join(dir, 'vault.keyhold');
  const vault = await Vault.create(path, PASSWORD, { kdf: LOW_KDF, allowInsecureKdf: true, clock: clock.now, origin: CLI });
  return { vault, path, clock };
}

/** The KeyholdError that `fn` throws, or undefined; any other error is rethrown. */
export function errorOf(fn: () => unknown): KeyholdError | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof KeyholdError) return e;
    throw e;
  }
  return undefined;
}

/** Runs `fn` on a connection of its own to the vault file: behind the vault's back, as a tamperer would. */
export function withDb<T>(path: string, fn: (db: Database.Database) => T, opts: { readonly?: boolean } = {}): T {
  const db = new Database(path, { readonly: opts.readonly === true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/**
 * For each test of the calling describe block: a new vault file in a temp folder, filled by `fill`
 * and closed (tests open it as they need). Returns the file's path.
 */
export function closedVaultEach(fill: (vault: Vault) => void): () => string {
  let t: ReturnType<typeof tempDir>;
  let path = '';
  beforeEach(async () => {
    t = tempDir();
    const made = await newVault(t.dir);
    path = made.path;
    fill(made.vault);
    made.vault.close();
  });
  afterEach(() => t.cleanup());
  return () => path;
}
