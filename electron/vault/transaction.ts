// Every vault operation is one SQLite transaction. Inside it the session's caches (decrypted
// credentials, checked manifest buckets) are dropped first if another connection committed, so
// they and the rows they are checked against come from the same snapshot; a write transaction
// ends by sealing the manifest changes it made.
import { mapStorageError, stmt } from './db.ts';
import { requireKeys, sealCtx, type VaultContext } from './context.ts';

/** SQLite's counter of commits made by other connections to this file. */
export function dataVersion(ctx: VaultContext): number {
  return (stmt(ctx.db, 'PRAGMA data_version').get() as { data_version: number }).data_version;
}

/** Forgets every cached record: the next transaction reads the file again. */
export function dropCaches(ctx: VaultContext): void {
  ctx.index.clear();
  ctx.manifest.clear();
  ctx.cachedDataVersion = -1;
}

function syncCaches(ctx: VaultContext): void {
  const dv = dataVersion(ctx);
  if (dv === ctx.cachedDataVersion) return;
  ctx.index.clear();
  ctx.manifest.clear();
  ctx.cachedDataVersion = dv;
}

/**
 * Reads run in one deferred transaction, so they see a single snapshot even while another
 * process writes (refreshing outside it raced with concurrent writers).
 */
export function readTransaction<T>(ctx: VaultContext, fn: () => T): T {
  requireKeys(ctx);
  try {
    return ctx.db.transaction(() => {
      syncCaches(ctx);
      return fn();
    }).deferred();
  } catch (e) {
    throw mapStorageError(e);
  }
}

/**
 * One user action = one IMMEDIATE transaction; the caches are checked under the write lock.
 * Audit entries waiting in a deferred-audit scope are written first, in the same transaction.
 */
export function writeTransaction<T>(ctx: VaultContext, fn: () => T): T {
  requireKeys(ctx);
  // Inside bulkWrite the outer transaction is the one that commits or rolls back everything.
  if (ctx.bulk) return fn();
  let drained: (() => void)[] = [];
  try {
    return ctx.db.transaction(() => {
      syncCaches(ctx);
      if (ctx.deferred?.length) {
        drained = ctx.deferred;
        ctx.deferred = [];
        for (const write of drained) write();
      }
      const result = fn();
      ctx.manifest.flush(sealCtx(ctx));
      return result;
    }).immediate();
  } catch (e) {
    // In-memory changes made before the rollback may not match the file: read it again next time.
    dropCaches(ctx);
    if (drained.length && ctx.deferred) ctx.deferred = [...drained, ...ctx.deferred];
    throw mapStorageError(e);
  }
}

/**
 * For actions that change no row, only the audit trail (unlock, lock, reading a value): inside
 * a deferred-audit scope the entry waits for the next write; otherwise it is written now.
 * `write` runs later in the deferred case, so it must not depend on the moment it runs.
 */
export function auditOnly(ctx: VaultContext, write: () => void): void {
  requireKeys(ctx);
  if (ctx.deferred) ctx.deferred.push(write);
  else writeTransaction(ctx, write);
}

/** Writes what a deferred-audit scope holds, in one transaction; nothing when it holds nothing. */
export function commitDeferred(ctx: VaultContext): void {
  if (ctx.keys && ctx.deferred?.length) writeTransaction(ctx, () => {});
}

/**
 * A read that is audited (reading a value): in one write transaction with its entry, so the
 * value is returned only once the entry is committed; in a deferred-audit scope, a read
 * transaction now and the entry with the scope's one commit.
 */
export function auditedRead<T>(ctx: VaultContext, read: () => T, log: (result: T) => void): T {
  if (!ctx.deferred) {
    return writeTransaction(ctx, () => {
      const result = read();
      log(result);
      return result;
    });
  }
  const result = readTransaction(ctx, read);
  auditOnly(ctx, () => log(result));
  return result;
}

/**
 * Test and benchmark hook: runs many writes in one transaction and seals the manifest once at
 * the end (filling a vault with 100,000 credentials one commit each would take hours). Any
 * failure rolls the whole batch back.
 */
export function bulkWrite(ctx: VaultContext, fn: () => void): void {
  requireKeys(ctx);
  try {
    ctx.db.transaction(() => {
      syncCaches(ctx);
      ctx.bulk = true;
      try {
        fn();
      } finally {
        ctx.bulk = false;
      }
      ctx.manifest.flush(sealCtx(ctx));
    }).immediate();
  } catch (e) {
    dropCaches(ctx);
    throw mapStorageError(e);
  }
}
