// The state every vault module works on, passed to them explicitly: the open database, the
// session's keys (null while locked) and the decrypted credential index. The Vault class owns
// one context and hands it to the module that implements each method.
import type { OriginInfo } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import type { Db } from './db.ts';
import type { SealCtx } from './records.ts';
import type { CredentialIndex } from './credential-index.ts';

/** The vault key and one subkey per job (see docs/vault-format.md, "Key hierarchy"). */
export interface Keys {
  vaultKey: Buffer;
  recordKey: Buffer;
  auditKey: Buffer;
  docIdKey: Buffer;
}

export interface VaultContext {
  readonly db: Db;
  readonly vaultId: string;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly clock: () => number;
  readonly index: CredentialIndex;
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
  return { db: ctx.db, vaultId: ctx.vaultId, key: requireKeys(ctx).recordKey };
}

export function nowIso(ctx: VaultContext): string {
  return new Date(ctx.clock()).toISOString();
}
