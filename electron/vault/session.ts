// The unlocked session: unlocking (throttled) and locking, closing, changing the master password,
// and the key buffers held in between, which are zeroed at lock.
import type { KdfParams, OriginInfo } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { subkey } from './crypto.ts';
import { kdfParamsSchema, parseInput, passwordSchema, requireStrongKdf } from './validate.ts';
import { readKdf, writeWrapping } from './header.ts';
import { describeKdf, unwrapVaultKey, wrapVaultKey } from './key-wrap.ts';
import { admitUnlockAttempt, clearAfterRightPassword, countFailure, pendingFailures, refuseWhileThrottled, resetFailures } from './throttle.ts';
import { requireKeys, requireOpen, type VaultContext } from './context.ts';
import { writeTransaction } from './transaction.ts';
import { logAction } from './audit-log.ts';

/** Derives the subkeys and starts a session; any previous one is wiped first. */
function installKeys(ctx: VaultContext, vaultKey: Buffer, origin: OriginInfo): void {
  wipeKeys(ctx);
  ctx.keys = {
    vaultKey,
    recordKey: subkey(vaultKey, ctx.vaultId, 'record-seal'),
    auditKey: subkey(vaultKey, ctx.vaultId, 'audit-mac'),
    docIdKey: subkey(vaultKey, ctx.vaultId, 'doc-id'),
  };
  ctx.sessionOrigin = origin;
}

/** Zeroes every key buffer and drops all decrypted metadata. */
function wipeKeys(ctx: VaultContext): void {
  if (ctx.keys) {
    for (const b of Object.values(ctx.keys)) b.fill(0);
  }
  ctx.keys = null;
  ctx.sessionOrigin = null;
  ctx.index.clear();
}

/** The session of a vault just created: its first audit entry starts the chain. */
export function startFirstSession(ctx: VaultContext, vaultKey: Buffer, origin: OriginInfo, kdf: KdfParams): void {
  installKeys(ctx, vaultKey, origin);
  writeTransaction(ctx, () => logAction(ctx, 'vault.create', origin, { detail: describeKdf(kdf), genesis: true }));
}

export async function unlock(ctx: VaultContext, password: string, origin: OriginInfo): Promise<void> {
  requireOpen(ctx);
  parseInput(passwordSchema, password, 'master password');
  readKdf(ctx.db); // a damaged header is INTEGRITY, not a counted attempt
  // Counted as a failure before Argon2 runs (THROTTLED instead while the backoff lasts).
  const attempt = admitUnlockAttempt(ctx);
  const vaultKey = await unwrapVaultKey(ctx.db, ctx.vaultId, password);
  if (!vaultKey) throw new KeyholdError('WRONG_PASSWORD', 'Wrong master password.');
  installKeys(ctx, vaultKey, origin);
  try {
    writeTransaction(ctx, () => {
      const pending = pendingFailures(ctx.db, ctx.clock(), attempt);
      for (const t of pending.times) {
        logAction(ctx, 'unlock.failed', origin, { result: 'failed', detail: 'wrong password (recorded at the next unlock)', time: t });
      }
      if (pending.unknown > 0) {
        logAction(ctx, 'unlock.failed', origin, { result: 'failed', detail: 'wrong password at an unknown time (the header held a malformed time)' });
      }
      logAction(ctx, 'unlock', origin, {});
      resetFailures(ctx.db);
    });
  } catch (e) {
    // A damaged audit chain must not lock the user out of `verify`; any other failure does.
    if (!(e instanceof KeyholdError && e.code === 'INTEGRITY')) {
      wipeKeys(ctx);
      throw e;
    }
    clearAfterRightPassword(ctx, attempt);
  }
}

export function lock(ctx: VaultContext, origin?: OriginInfo): void {
  if (!ctx.keys) return;
  try {
    if (!ctx.closed) writeTransaction(ctx, () => logAction(ctx, 'lock', origin ?? ctx.sessionOrigin ?? { kind: 'desktop' }, {}));
  } catch {
    // Locking must succeed even if the record cannot be written (disk full, damaged chain).
  }
  wipeKeys(ctx);
}

/** Locks and closes the database; later calls do nothing. */
export function close(ctx: VaultContext, origin?: OriginInfo): void {
  if (ctx.closed) return;
  lock(ctx, origin);
  ctx.closed = true;
  ctx.db.close();
}

/**
 * Re-wraps the same vault key under the new password: no record is re-encrypted. A wrong current
 * password counts towards the unlock throttle, so an unlocked session (or a compromised renderer)
 * cannot guess the master password here faster than at the lock screen.
 */
export async function changePassword(ctx: VaultContext, oldPassword: string, newPassword: string, origin: OriginInfo, kdf?: KdfParams): Promise<void> {
  requireKeys(ctx);
  parseInput(passwordSchema, oldPassword, 'current master password');
  parseInput(passwordSchema, newPassword, 'new master password');
  const params = parseInput(kdfParamsSchema, kdf ?? readKdf(ctx.db), 'Argon2 parameters');
  // New settings must meet the floor; a vault's own weaker ones (made before it) may be kept.
  if (kdf !== undefined) requireStrongKdf(params, ctx.allowInsecureKdf);
  refuseWhileThrottled(ctx);
  const current = await unwrapVaultKey(ctx.db, ctx.vaultId, oldPassword);
  let matches: boolean;
  try {
    // Throws LOCKED if the vault was locked or closed while Argon2 ran; the copy is zeroed anyway.
    const keys = requireKeys(ctx);
    matches = current !== null && current.equals(keys.vaultKey);
  } finally {
    current?.fill(0);
  }
  if (!matches) {
    writeTransaction(ctx, () => {
      countFailure(ctx);
      logAction(ctx, 'password.change', origin, { result: 'failed', detail: 'wrong current password' });
    });
    throw new KeyholdError('WRONG_PASSWORD', 'The current master password is wrong.');
  }
  const wrapping = await wrapVaultKey(newPassword, params, ctx.vaultId, () => requireKeys(ctx).vaultKey);
  writeTransaction(ctx, () => {
    writeWrapping(ctx.db, wrapping);
    logAction(ctx, 'password.change', origin, { detail: describeKdf(params) });
  });
}
