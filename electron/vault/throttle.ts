// Unlock throttling: after 3 wrong passwords, each further attempt waits twice as long as the one
// before (1 s, 2 s, 4 s, ... up to 15 min). The counters are plaintext meta rows because a wrong
// password yields no key to seal or audit with; the failures reach the audit trail at the next
// successful unlock.
//
// An attempt is counted as a failure BEFORE Argon2 runs, in the same IMMEDIATE transaction that
// checks the backoff, and taken back when the password turns out right. Checking first and
// counting after Argon2 let parallel processes all pass the check at once.
//
// The header is plaintext and anyone with the file can write it, so every value read from it is
// clamped: times to [0, now], the wait to 15 minutes, and malformed entries become one failure
// "at an unknown time" instead of an error or a date in 1970 or 2100.
import type { ThrottleStatus } from './api.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { getMetaText, mapStorageError, setMeta, type Db } from './db.ts';
import { META } from './header.ts';
import type { VaultContext } from './context.ts';

const FREE_ATTEMPTS = 3;
const MAX_DELAY_MS = 15 * 60 * 1000;
/** Failure times kept for the audit trail; a flood of guesses must not grow the header forever. */
const MAX_PENDING = 1000;
/** No Keyhold vault existed before this instant: an earlier pending time is not a real one. */
const EARLIEST_PLAUSIBLE_MS = Date.parse('2020-01-01T00:00:00Z');

function failureCount(db: Db): number {
  const n = Number(getMetaText(db, META.failures) ?? '0');
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/** The last failure's time, clamped to [0, now]; a malformed value counts as now (the safe side). */
function lastFailure(db: Db, now: number): number {
  const raw = getMetaText(db, META.lastFailure);
  if (raw === undefined) return 0;
  const t = Number(raw);
  if (!Number.isFinite(t)) return now;
  return Math.min(Math.max(t, 0), now);
}

export function throttleStatus(ctx: VaultContext): ThrottleStatus {
  const failedAttempts = failureCount(ctx.db);
  if (failedAttempts < FREE_ATTEMPTS) return { failedAttempts, retryAfterMs: 0 };
  const now = ctx.clock();
  const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.min(failedAttempts - FREE_ATTEMPTS, 30));
  return { failedAttempts, retryAfterMs: Math.min(MAX_DELAY_MS, Math.max(0, lastFailure(ctx.db, now) + delay - now)) };
}

function throttled(retryAfterMs: number): KeyholdError {
  return new KeyholdError('THROTTLED', `Too many wrong passwords. Try again in ${Math.ceil(retryAfterMs / 1000)} s.`, { retryAfterMs });
}

/** THROTTLED while the backoff after wrong passwords lasts (nothing is counted). */
export function refuseWhileThrottled(ctx: VaultContext): void {
  const { retryAfterMs } = throttleStatus(ctx);
  if (retryAfterMs > 0) throw throttled(retryAfterMs);
}

/**
 * Admits one unlock attempt: refuses it while throttled, otherwise counts it as a failure (kept
 * pending for the audit trail) in one IMMEDIATE transaction, so parallel attempts queue on the
 * write lock and each sees the ones before it. Returns the attempt's time, which
 * `takeBackAttempt` needs when the password was right.
 */
export function admitUnlockAttempt(ctx: VaultContext): number {
  try {
    return ctx.db.transaction(() => {
      refuseWhileThrottled(ctx);
      const t = countFailure(ctx);
      const pending = readPending(ctx.db);
      setMeta(ctx.db, META.pending, JSON.stringify([...pending, t].slice(-MAX_PENDING)));
      return t;
    }).immediate();
  } catch (e) {
    throw mapStorageError(e);
  }
}

/**
 * Counts one wrong password; call inside a write transaction. An unlock attempt also keeps its
 * time pending (above); a wrong current password in a password change is audited in the same
 * transaction instead, so it is not kept pending. Returns the time recorded.
 */
export function countFailure(ctx: VaultContext): number {
  const t = ctx.clock();
  setMeta(ctx.db, META.failures, String(failureCount(ctx.db) + 1));
  setMeta(ctx.db, META.lastFailure, String(t));
  return t;
}

/** The raw pending list; whatever is not a JSON array counts as one malformed entry. */
function readPending(db: Db): unknown[] {
  const raw = getMetaText(db, META.pending);
  if (raw === undefined) return [];
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? v : [v];
  } catch {
    return [raw];
  }
}

export interface PendingFailures {
  /** Times (ms) of wrong passwords not yet written to the audit trail, each in [2020, now]. */
  times: number[];
  /** Entries that were not a plausible time: audited as one failure at an unknown time. */
  unknown: number;
}

/**
 * The pending failures, less the attempt at `own` (the unlock now succeeding, counted before
 * Argon2 ran; see admitUnlockAttempt).
 */
export function pendingFailures(db: Db, now: number, own?: number): PendingFailures {
  const times: number[] = [];
  let unknown = 0;
  let ownSkipped = own === undefined;
  for (const x of readPending(db)) {
    if (!ownSkipped && x === own) {
      ownSkipped = true;
      continue;
    }
    if (typeof x === 'number' && Number.isFinite(x) && x >= EARLIEST_PLAUSIBLE_MS && x <= now) times.push(x);
    else unknown++;
  }
  return { times, unknown };
}

export function resetFailures(db: Db): void {
  setMeta(db, META.failures, '0');
  setMeta(db, META.pending, '[]');
}

/**
 * The right password was given but the audit trail could not take the pending failures (a damaged
 * chain): reset the counter and drop this attempt's own pending entry, keeping the others.
 */
export function clearAfterRightPassword(ctx: VaultContext, own: number): void {
  try {
    ctx.db.transaction(() => {
      const rest = [...readPending(ctx.db)];
      const i = rest.indexOf(own);
      if (i >= 0) rest.splice(i, 1);
      setMeta(ctx.db, META.failures, '0');
      setMeta(ctx.db, META.pending, JSON.stringify(rest));
    }).immediate();
  } catch {
    // Best effort: the next successful unlock resets the counter anyway.
  }
}
