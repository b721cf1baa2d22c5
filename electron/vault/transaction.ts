// Every vault operation is one SQLite transaction, and the credential index is refreshed inside
// it, so the index and the rows it is checked against come from the same snapshot.
import { mapStorageError } from './db.ts';
import { requireKeys, sealCtx, type VaultContext } from './context.ts';

/**
 * Reads run in one deferred transaction, so they see a single snapshot even while another
 * process writes (refreshing outside it raced with concurrent writers).
 */
export function readTransaction<T>(ctx: VaultContext, fn: () => T): T {
  requireKeys(ctx);
  try {
    return ctx.db.transaction(() => {
      ctx.index.refresh(sealCtx(ctx));
      return fn();
    }).deferred();
  } catch (e) {
    throw mapStorageError(e);
  }
}

/** One user action = one IMMEDIATE transaction; the index is refreshed under the write lock. */
export function writeTransaction<T>(ctx: VaultContext, fn: () => T): T {
  requireKeys(ctx);
  try {
    return ctx.db.transaction(() => {
      ctx.index.refresh(sealCtx(ctx));
      return fn();
    }).immediate();
  } catch (e) {
    // In-memory changes made before the rollback may not match the file: rebuild next time.
    ctx.index.markStale();
    throw mapStorageError(e);
  }
}
