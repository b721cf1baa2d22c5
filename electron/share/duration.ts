// Bundle lifetimes as people type them: one number and one unit, `90s`, `15m`, `24h`, `7d`, `2w`
// (`y` too, like every other duration, though a bundle lives 30 days at most).
import { KeyholdError } from '../../shared/errors.ts';
import { terminalSafe } from '../../shared/text.ts';
import { MAX_EXPIRY_SECONDS, MIN_EXPIRY_SECONDS } from './limits.ts';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400, w: 7 * 86_400, y: 365 * 86_400 } as const;

/** Seconds; INVALID_INPUT when malformed or outside 60 seconds .. 30 days. */
export function parseDuration(text: string): number {
  if (/^\s*-\s*\d/.test(text)) throw new KeyholdError('INVALID_INPUT', `'${terminalSafe(text.slice(0, 40))}' must be positive: a bundle's lifetime counts forward from now (e.g. 24h, 7d).`);
  const m = /^(\d{1,7})\s*([smhdwy])$/i.exec(text.trim());
  if (!m) throw new KeyholdError('INVALID_INPUT', `'${terminalSafe(text.slice(0, 40))}' is not a duration: use a number and one of s, m, h, d, w, y (e.g. 90s, 24h, 7d, 2w).`);
  const seconds = Number(m[1]) * UNIT_SECONDS[m[2]!.toLowerCase() as keyof typeof UNIT_SECONDS];
  if (seconds < MIN_EXPIRY_SECONDS || seconds > MAX_EXPIRY_SECONDS) {
    throw new KeyholdError('INVALID_INPUT', `A bundle lives between ${MIN_EXPIRY_SECONDS} seconds and 30 days; '${terminalSafe(text.slice(0, 40))}' is outside that.`);
  }
  return seconds;
}
