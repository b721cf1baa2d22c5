// The unlocked session: unlocking (throttled) and locking, closing, changing the master password,
// and the key buffers held in between, which are zeroed at lock.
import type { KdfParams, OriginInfo } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { randomKey } from './crypto.ts';
import { deriveKeys } from './keys.ts';
import { rekeyVault } from './rekey.ts';
import { kdfParamsSchema, parseInput, passwordSchema, requireStrongKdf } from './validate.ts';
import { readKdf, writeWrapping, type KeyWrapping } from './header.ts';
import { describeKdf, unwrapVaultKey, wrapVaultKey } from './key-wrap.ts';
import { admitUnlockAttempt, clearAfterRightPassword, countFailure, pendingFailures, refuseWhileThrottled, resetFailures } from './throttle.ts';
import { requireKeys, requireOpen, type VaultContext } from './context.ts';
import { auditOnly, commitDeferred, dropCaches, writeTransaction } from './transaction.ts';
import { logAction } from './audit-log.ts';
import { needsKeyedUpgrade } from './db.ts';
import { upgradeIfNeeded } from './upgrade.ts';

/** Derives the subkeys and starts a session; any previous one is wiped first. */
function installKeys(ctx: VaultContext, vaultKey: Buffer, origin: OriginInfo): void {
  wipeKeys(ctx);
  ctx.keys = deriveKeys(vaultKey, ctx.vaultId);
  ctx.sessionOrigin = origin;
}

/** Zeroes every key buffer and drops all decrypted metadata. */
function wipeKeys(ctx: VaultContext): void {
  if (ctx.keys) {
    for (const b of Object.values(ctx.keys)) b.fill(0);
  }
  ctx.keys = null;
  ctx.sessionOrigin = null;
  ctx.deferred = null;
  dropCaches(ctx);
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
  const deferred = ctx.deferred;
  installKeys(ctx, vaultKey, origin);
  ctx.deferred = deferred;
  const time = ctx.clock();
  const logUnlock = (): void => {
    const pending = pendingFailures(ctx.db, time, attempt);
    for (const t of pending.times) {
      logAction(ctx, 'unlock.failed', origin, { result: 'failed', detail: 'wrong password (recorded at the next unlock)', time: t });
    }
    if (pending.unknown > 0) {
      logAction(ctx, 'unlock.failed', origin, { result: 'failed', detail: 'wrong password at an unknown time (the header held a malformed time)' });
    }
    logAction(ctx, 'unlock', origin, { time });
    resetFailures(ctx.db);
  };
  try {
    // An older vault is upgraded now, in one transaction with the unlock's entries.
    if (needsKeyedUpgrade(ctx.db)) {
      writeTransaction(ctx, () => {
        upgradeIfNeeded(ctx, origin);
        logUnlock();
      });
    } else auditOnly(ctx, logUnlock);
  } catch (e) {
    // A damaged audit chain must not lock the user out of `verify`; any other failure does, and
    // so does a vault that could not be upgraded (this build cannot read the old schema).
    if (!(e instanceof KeyholdError && e.code === 'INTEGRITY') || needsKeyedUpgrade(ctx.db)) {
      wipeKeys(ctx);
      throw e;
    }
    clearAfterRightPassword(ctx, attempt);
  }
}

/**
 * Opens a deferred-audit scope: until lock(), close() or commitDeferred(), entries of actions
 * that change no row (unlock, reading values, lock) wait in memory and are written with the next
 * change, so a CLI command commits once. Survives unlock; ends at lock.
 */
export function deferAudit(ctx: VaultContext): void {
  requireOpen(ctx);
  ctx.deferred ??= [];
}

export function commitDeferredAudit(ctx: VaultContext): void {
  commitDeferred(ctx);
}

/**
 * Zeroes the keys. In a deferred-audit scope the lock entry is written with everything waiting,
 * in one transaction, and a failure to write it is thrown (after the keys are zeroed): the
 * caller must learn that entries were lost. Otherwise locking never fails.
 */
export function lock(ctx: VaultContext, origin?: OriginInfo): void {
  if (!ctx.keys) return;
  const who = origin ?? ctx.sessionOrigin ?? { kind: 'desktop' };
  const time = ctx.clock();
  const writeLock = (): void => logAction(ctx, 'lock', who, { time });
  if (ctx.deferred && !ctx.closed) {
    ctx.deferred.push(writeLock);
    try {
      commitDeferred(ctx);
    } finally {
      wipeKeys(ctx);
    }
    return;
  }
  try {
    if (!ctx.closed) writeTransaction(ctx, writeLock);
  } catch {
    // Locking must succeed even if the record cannot be written (disk full, damaged chain).
  }
  wipeKeys(ctx);
}

/** Locks and closes the database; later calls do nothing. Throws only as lock() does. */
export function close(ctx: VaultContext, origin?: OriginInfo): void {
  if (ctx.closed) return;
  try {
    lock(ctx, origin);
  } finally {
    ctx.closed = true;
    ctx.db.close();
  }
}

/**
 * Re-wraps the same vault key under the new password: no record is re-encrypted. With `rekey`, a
 * new vault key is drawn and every record sealed again under it (rekey.ts). A wrong current
 * password counts towards the unlock throttle, so an unlocked session (or a compromised renderer)
 * cannot guess the master password here faster than at the lock screen.
 */
export async function changePassword(
  ctx: VaultContext, oldPassword: string, newPassword: string, origin: OriginInfo, kdf?: KdfParams, opts: { rekey?: boolean } = {},
): Promise<void> {
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
  if (opts.rekey) {
    const newKey = randomKey();
    let wrapping: KeyWrapping;
    try {
      wrapping = await wrapVaultKey(newPassword, params, ctx.vaultId, () => (requireKeys(ctx), newKey));
    } catch (e) {
      newKey.fill(0);
      throw e;
    }
    rekeyVault(ctx, newKey, wrapping, origin, `${describeKdf(params)}; new vault key, every record sealed again`);
    return;
  }
  const wrapping = await wrapVaultKey(newPassword, params, ctx.vaultId, () => requireKeys(ctx).vaultKey);
  writeTransaction(ctx, () => {
    writeWrapping(ctx.db, wrapping);
    logAction(ctx, 'password.change', origin, { detail: describeKdf(params) });
  });
}
