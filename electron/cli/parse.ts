// Parsing of option values that are more than plain text: durations, dates, day counts, choices,
// Argon2 parameters, IP ranges and domains. Errors are UsageError with the option's name.
import { isIP } from 'node:net';
import { isWeakKdf, MIN_KDF, type KdfParams } from '../../shared/model.ts';
import { UsageError } from './exit-codes.ts';
import { terminalSafe } from '../../shared/text.ts';
import { isNegativeNumber } from './argv-checks.ts';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, y: 365 * 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;
/** Longest duration accepted anywhere: 100 years. */
const MAX_DURATION_MS = 100 * UNIT_MS.y;


/** `text` as typed, shortened and escaped for an error message. */
function shown(text: string): string {
  return terminalSafe(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/**
 * A duration such as `90s`, `15m`, `24h`, `7d`, `2w`, `1y` (one number and one unit) in
 * milliseconds. A bare number takes `defaultUnit` when given, otherwise it is refused.
 */
export function parseDuration(text: string, defaultUnit?: Unit): number {
  if (isNegativeNumber(text)) throw new Error(`'${shown(text)}' must be positive`);
  const m = /^(\d+)\s*([smhdwy])?$/i.exec(text.trim());
  const unit = (m?.[2]?.toLowerCase() as Unit | undefined) ?? defaultUnit;
  if (!m || !unit) throw new Error(`'${shown(text)}' is not a duration: use a number and a unit s, m, h, d, w or y (e.g. 90s, 24h, 7d, 2w, 1y)`);
  const ms = Number(m[1]) * UNIT_MS[unit];
  if (!(ms <= MAX_DURATION_MS)) throw new Error(`'${shown(text)}' is too long: at most 100 years`);
  return ms;
}

/** `--rotate-every`: whole days, written `90` or `90d` (or `12w`); `never` clears it. */
export function parseRotateEvery(text: string): number | null {
  if (text.trim().toLowerCase() === 'never') return null;
  if (isNegativeNumber(text)) throw new UsageError(`--rotate-every: '${shown(text)}' must be positive (e.g. 90, 90d, 12w, 1y or never)`);
  let ms: number;
  try {
    ms = parseDuration(text, 'd');
  } catch {
    throw new UsageError(`--rotate-every: '${shown(text)}' is not a number of days (e.g. 90, 90d, 12w, 1y or never)`);
  }
  const days = ms / UNIT_MS.d;
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw new UsageError('--rotate-every: give whole days between 1 and 3650 (e.g. 90, 90d, 12w, 1y)');
  }
  return days;
}

/**
 * A point in time typed by a user, as an ISO string (UTC):
 *  - `YYYY-MM-DD`: midnight at the start of that day, local time;
 *  - `YYYY-MM-DDTHH:MM[:SS[.sss]][Z|±HH:MM]`: that instant (local time without an offset);
 *  - a duration (`7d`, `24h`): that long after `now` (direction +1) or before it (direction -1).
 */
export function parseDateInput(text: string, now: number, direction: 1 | -1, option: string): string {
  const t = text.trim();
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (day) {
    const [y, mo, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const date = new Date(y, mo - 1, d);
    if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) {
      throw new UsageError(`${option}: '${text}' is not a valid date`);
    }
    return date.toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/i.test(t)) {
    const ms = Date.parse(t);
    if (Number.isNaN(ms)) throw new UsageError(`${option}: '${text}' is not a valid date and time`);
    return new Date(ms).toISOString();
  }
  const rel = direction > 0 ? '30d for "in 30 days"' : '7d for "7 days ago"';
  if (isNegativeNumber(t)) throw new UsageError(`${option}: '${shown(text)}' must be positive: a duration counts ${direction > 0 ? 'forward from now' : 'back from now'} (e.g. ${rel})`);
  let ms: number;
  try {
    ms = parseDuration(t);
  } catch (e) {
    if (/too long/.test((e as Error).message)) throw new UsageError(`${option}: ${(e as Error).message}`);
    throw new UsageError(`${option}: '${shown(text)}' is not a date: use YYYY-MM-DD, an ISO date-time, or a duration such as ${rel} (units s, m, h, d, w, y)`);
  }
  return new Date(now + direction * ms).toISOString();
}

/** `--expires`: a date, a duration from now, or `never` (null) to clear it. */
export function parseExpires(text: string, now: number): string | null {
  if (text.trim().toLowerCase() === 'never') return null;
  return parseDateInput(text, now, 1, '--expires');
}

/** One of a fixed set of words, e.g. `--env prod`. */
export function parseChoice<T extends string>(text: string, choices: readonly T[], option: string): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw new UsageError(`${option}: '${text}' is not one of ${choices.join(', ')}`);
}

/** A positive whole number within bounds, e.g. `--length 32`. */
export function parseInteger(text: string, option: string, min: number, max: number): number {
  if (isNegativeNumber(text)) throw new UsageError(`${option}: must be positive, between ${min} and ${max}`);
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${option}: give a number between ${min} and ${max} (digits only; '${shown(text)}' is not one)`);
  const n = Number(text.trim());
  if (n < min || n > max) throw new UsageError(`${option}: must be between ${min} and ${max}`);
  return n;
}

/** `--argon2-memory/--argon2-passes/--argon2-parallelism` over a base; undefined if none given. */
export function parseKdfOptions(
  values: { memory?: string; passes?: string; parallelism?: string },
  base: KdfParams,
): KdfParams | undefined {
  if (values.memory === undefined && values.passes === undefined && values.parallelism === undefined) return undefined;
  return {
    memoryCost: values.memory === undefined ? base.memoryCost : parseInteger(values.memory, '--argon2-memory', 1024, 4 * 1024 * 1024),
    timeCost: values.passes === undefined ? base.timeCost : parseInteger(values.passes, '--argon2-passes', 1, 64),
    parallelism: values.parallelism === undefined ? base.parallelism : parseInteger(values.parallelism, '--argon2-parallelism', 1, 64),
  };
}

/**
 * Argon2 settings below OWASP's minimum are refused unless `--insecure-kdf` was given; the
 * returned line (if any) is the warning to print either way.
 */
export function checkKdfFloor(kdf: KdfParams, insecureAllowed: boolean): string | undefined {
  if (!isWeakKdf(kdf)) return undefined;
  const floor = `${MIN_KDF.memoryCost} KiB (${MIN_KDF.memoryCost / 1024} MiB) of memory and ${MIN_KDF.timeCost} passes`;
  if (!insecureAllowed) {
    throw new UsageError(`Argon2 settings below ${floor} (OWASP's minimum) make the master password cheap to guess. Use at least that, or add --insecure-kdf to accept weak settings anyway.`);
  }
  return `warning: Argon2 settings below ${floor} (OWASP's minimum) make the master password cheap to guess.`;
}

/** An IP address or CIDR range (IPv4 or IPv6), e.g. `203.0.113.0/24`. */
export function parseIpRange(text: string): string {
  const t = text.trim();
  const [addr = '', prefix, extra] = t.split('/');
  const family = isIP(addr);
  const maxPrefix = family === 4 ? 32 : 128;
  const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
  if (family === 0 || extra !== undefined || !prefixOk) {
    throw new UsageError(`--allow-ip: '${text}' is not an IP address or CIDR range (e.g. 203.0.113.7 or 10.0.0.0/8)`);
  }
  return t;
}

/** A host name, optionally with a leading `*.` wildcard, e.g. `api.example.com` or `*.example.com`. */
export function parseDomain(text: string): string {
  const t = text.trim().toLowerCase();
  const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
  if (t.length > 253 || !new RegExp(`^(\\*\\.)?${label}(\\.${label})*$`).test(t)) {
    throw new UsageError(`--allow-domain: '${text}' is not a domain name (e.g. api.example.com or *.example.com)`);
  }
  return t;
}
