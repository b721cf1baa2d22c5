// The state every vault module works on, passed to them explicitly: the open database, the
// session's keys (null while locked), the decrypted credentials read so far and the manifest as
// this session has checked it. The Vault class owns one context and hands it to the module that
// implements each method.
import type { OriginInfo } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import type { Db } from './db.ts';
import type { SealCtx } from './records.ts';
import type { CredentialIndex } from './credential-index.ts';
import type { Manifest } from './manifest.ts';

/** The vault key and one subkey per job (see docs/vault-format.md, "Key hierarchy"). */
export interface Keys {
  vaultKey: Buffer;
  recordKey: Buffer;
  auditKey: Buffer;
  docIdKey: Buffer;
  /** HMAC key of the name index (`records.name_hash`). */
  nameKey: Buffer;
}

export interface VaultContext {
  readonly db: Db;
  readonly vaultId: string;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly clock: () => number;
  readonly index: CredentialIndex;
  readonly manifest: Manifest;
  /**
   * PRAGMA data_version when the caches (index, manifest) were last known to match the file, or
   * -1 when they must be dropped: another connection committed, or a transaction rolled back.
   */
  cachedDataVersion: number;
  /**
   * While a deferred-audit scope is open (deferAudit): audit entries of actions that change no
   * row, waiting to be written with the next change or at commitDeferred / lock. Null otherwise.
   */
  deferred: (() => void)[] | null;
  /** Inside Vault.bulkForTest: one outer transaction, the manifest sealed once at its end. */
  bulk: boolean;
  /** Null while locked. */
  keys: Keys | null;
  /** Who unlocked: the lock record names them when lock() is given no origin. */
  sessionOrigin: OriginInfo | null;
  closed: boolean;
  /** VaultOptions.allowInsecureKdf: password changes may use Argon2 settings below MIN_KDF. */
  readonly allowInsecureKdf?: boolean;
}

export function requireOpen(ctx: VaultContext): void {
  if (ctx.closed) throw new KeyholdError('LOCKED', 'The vault is closed.');
}

export function requireKeys(ctx: VaultContext): Keys {
  requireOpen(ctx);
  if (!ctx.keys) throw new KeyholdError('LOCKED', 'The vault is locked.');
  return ctx.keys;
}

/** What records.ts and audit.ts need to seal and open rows of this vault. */
export function sealCtx(ctx: VaultContext): SealCtx {
  return { db: ctx.db, vaultId: ctx.vaultId, key: requireKeys(ctx).recordKey, manifest: ctx.manifest };
}

export function nowIso(ctx: VaultContext): string {
  return new Date(ctx.clock()).toISOString();
}
