// Unlock throttling: after 3 wrong passwords, each further attempt waits twice as long as the one
// before (1 s, 2 s, 4 s, ... up to 15 min). The counters are plaintext meta rows because a wrong
// password yields no key to seal or audit with; the failures reach the audit trail at the next
// successful unlock.
import type { ThrottleStatus } from './api.ts';
import { getMetaText, mapStorageError, setMeta, type Db } from './db.ts';
import { META } from './header.ts';
import type { VaultContext } from './context.ts';

const FREE_ATTEMPTS = 3;
const MAX_DELAY_MS = 15 * 60 * 1000;
/** Failure times kept for the audit trail; a flood of guesses must not grow the header forever. */
const MAX_PENDING = 1000;

export function throttleStatus(ctx: VaultContext): ThrottleStatus {
  const failedAttempts = Number(getMetaText(ctx.db, META.failures) ?? '0') || 0;
  const last = Number(getMetaText(ctx.db, META.lastFailure) ?? '0') || 0;
  if (failedAttempts < FREE_ATTEMPTS) return { failedAttempts, retryAfterMs: 0 };
  const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** (failedAttempts - FREE_ATTEMPTS));
  return { failedAttempts, retryAfterMs: Math.max(0, last + delay - ctx.clock()) };
}

/** Counts a wrong password in its own transaction (there is no session to write one in). */
export function recordFailedUnlock(ctx: VaultContext): void {
  try {
    ctx.db.transaction(() => {
      countFailure(ctx);
      setMeta(ctx.db, META.pending, JSON.stringify([...pendingFailures(ctx.db), ctx.clock()].slice(-MAX_PENDING)));
    }).immediate();
  } catch (e) {
    throw mapStorageError(e);
  }
}

/**
 * Counts one wrong password; call inside a write transaction. A failed unlock also keeps its time
 * pending (above); a wrong current password in a password change is audited in the same
 * transaction instead, so it is not kept pending.
 */
export function countFailure(ctx: VaultContext): void {
  const n = Number(getMetaText(ctx.db, META.failures) ?? '0') || 0;
  setMeta(ctx.db, META.failures, String(n + 1));
  setMeta(ctx.db, META.lastFailure, String(ctx.clock()));
}

/** Times (ms) of wrong passwords not yet written to the audit trail. */
export function pendingFailures(db: Db): number[] {
  try {
    const v = JSON.parse(getMetaText(db, META.pending) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
  } catch {
    return [];
  }
}

export function resetFailures(db: Db): void {
  setMeta(db, META.failures, '0');
  setMeta(db, META.pending, '[]');
}
