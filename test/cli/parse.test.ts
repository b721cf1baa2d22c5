// Unit tests of the CLI's pure helpers: default vault path, durations, dates, option values,
// human-friendly times, badges, and the error report.
import { describe, expect, it } from 'vitest';
import { KeyholdError } from '../../shared/errors.ts';
import type { CredentialMeta } from '../../shared/model.ts';
import { defaultVaultPath } from '../../electron/vault/default-path.ts';
import {
  parseDateInput, parseDomain, parseDuration, parseExpires, parseIpRange, parseKdfOptions, parseRotateEvery,
} from '../../electron/cli/parse.ts';
import { formatWait, relativeTime } from '../../electron/cli/format.ts';
import { badges } from '../../electron/cli/badges.ts';
import { EXIT_CODES, reportError, UsageError } from '../../electron/cli/exit-codes.ts';
import { stripOneNewline } from '../../electron/cli/stdin.ts';

const DAY = 86_400_000;

describe('defaultVaultPath', () => {
  it('follows Electron userData on Linux: XDG_CONFIG_HOME, else ~/.config', () => {
    expect(defaultVaultPath({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux', '/home/ann')).toBe('/x/cfg/Keyhold/vault.keyhold');
    expect(defaultVaultPath({}, 'linux', '/home/ann')).toBe('/home/ann/.config/Keyhold/vault.keyhold');
    expect(defaultVaultPath({ XDG_CONFIG_HOME: '' }, 'linux', '/home/ann')).toBe('/home/ann/.config/Keyhold/vault.keyhold');
    expect(defaultVaultPath({}, 'freebsd', '/home/ann')).toBe('/home/ann/.config/Keyhold/vault.keyhold');
  });

  it('uses Application Support on macOS, ignoring XDG', () => {
    expect(defaultVaultPath({ XDG_CONFIG_HOME: '/x' }, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Application Support/Keyhold/vault.keyhold');
  });

  it('uses %APPDATA% on Windows, with backslashes', () => {
    expect(defaultVaultPath({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ann'))
      .toBe('C:\\Users\\ann\\AppData\\Roaming\\Keyhold\\vault.keyhold');
    expect(defaultVaultPath({}, 'win32', 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Roaming\\Keyhold\\vault.keyhold');
  });
});

describe('durations and days', () => {
  it('parses one number with a unit', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('15m')).toBe(15 * 60_000);
    expect(parseDuration('24h')).toBe(DAY);
    expect(parseDuration('7d')).toBe(7 * DAY);
    expect(parseDuration('2w')).toBe(14 * DAY);
    expect(parseDuration('3', 'd')).toBe(3 * DAY);
  });

  it('refuses what is not a duration', () => {
    for (const bad of ['', 'd', '7', '7x', '-3d', '1.5h', '7 days', '1d2h']) expect(() => parseDuration(bad), bad).toThrow();
  });

  it('reads --rotate-every as whole days', () => {
    expect(parseRotateEvery('90')).toBe(90);
    expect(parseRotateEvery('90d')).toBe(90);
    expect(parseRotateEvery('12w')).toBe(84);
    expect(parseRotateEvery('never')).toBeNull();
    for (const bad of ['0', '36h', '3651', 'soon', '-1']) expect(() => parseRotateEvery(bad), bad).toThrow(UsageError);
  });
});

describe('dates', () => {
  const now = Date.parse('2025-06-15T12:00:00Z');

  it('takes YYYY-MM-DD as local midnight', () => {
    expect(parseDateInput('2025-12-31', now, 1, '--expires')).toBe(new Date(2025, 11, 31).toISOString());
  });

  it('takes ISO date-times with or without an offset', () => {
    expect(parseDateInput('2025-12-31T10:00:00Z', now, 1, '--x')).toBe('2025-12-31T10:00:00.000Z');
    expect(parseDateInput('2025-12-31T10:00+02:00', now, 1, '--x')).toBe('2025-12-31T08:00:00.000Z');
    expect(parseDateInput('2025-12-31T10:00', now, 1, '--x')).toBe(new Date(2025, 11, 31, 10, 0).toISOString());
  });

  it('takes durations forward (expiry) or back (since)', () => {
    expect(parseDateInput('30d', now, 1, '--expires')).toBe(new Date(now + 30 * DAY).toISOString());
    expect(parseDateInput('7d', now, -1, '--since')).toBe(new Date(now - 7 * DAY).toISOString());
  });

  it('refuses impossible or unknown dates with the option name', () => {
    expect(() => parseDateInput('2025-02-30', now, 1, '--expires')).toThrow(/--expires/);
    expect(() => parseDateInput('2025-13-01', now, 1, '--expires')).toThrow(UsageError);
    expect(() => parseDateInput('tomorrow', now, -1, '--since')).toThrow(/--since/);
    expect(() => parseDateInput('31/12/2025', now, 1, '--expires')).toThrow(UsageError);
  });

  it('lets --expires never clear the expiry', () => {
    expect(parseExpires('never', now)).toBeNull();
  });
});

describe('option values', () => {
  it('accepts IPs and CIDR ranges only', () => {
    expect(parseIpRange('203.0.113.7')).toBe('203.0.113.7');
    expect(parseIpRange('10.0.0.0/8')).toBe('10.0.0.0/8');
    expect(parseIpRange('2001:db8::/32')).toBe('2001:db8::/32');
    for (const bad of ['10.0.0.0/33', '300.1.1.1', 'example.com', '10.0.0.0/8/1', '::1/129']) expect(() => parseIpRange(bad), bad).toThrow(UsageError);
  });

  it('accepts domains and wildcard domains', () => {
    expect(parseDomain('API.Example.com')).toBe('api.example.com');
    expect(parseDomain('*.example.com')).toBe('*.example.com');
    for (const bad of ['http://x.com', 'a..b', '-a.com', 'a b.com', '*']) expect(() => parseDomain(bad), bad).toThrow(UsageError);
  });

  it('fills missing Argon2 options from the base and checks bounds', () => {
    const base = { memoryCost: 65536, timeCost: 3, parallelism: 4 };
    expect(parseKdfOptions({}, base)).toBeUndefined();
    expect(parseKdfOptions({ passes: '5' }, base)).toEqual({ memoryCost: 65536, timeCost: 5, parallelism: 4 });
    expect(() => parseKdfOptions({ memory: '8' }, base)).toThrow(UsageError);
    expect(() => parseKdfOptions({ parallelism: 'four' }, base)).toThrow(UsageError);
  });

  it('strips exactly one trailing newline from stdin values', () => {
    expect(stripOneNewline('abc\n')).toBe('abc');
    expect(stripOneNewline('abc\r\n')).toBe('abc');
    expect(stripOneNewline('abc\n\n')).toBe('abc\n');
    expect(stripOneNewline('abc')).toBe('abc');
  });
});

describe('human-friendly times', () => {
  const now = Date.parse('2025-06-15T12:00:00Z');
  const at = (ms: number) => new Date(now + ms).toISOString();

  it('reads like people talk', () => {
    expect(relativeTime(at(-90 * DAY), now)).toBe('3 months ago');
    expect(relativeTime(at(5 * DAY), now)).toBe('in 5 days');
    expect(relativeTime(at(-DAY), now)).toBe('yesterday');
    expect(relativeTime(at(-3 * 3_600_000), now)).toBe('3 hours ago');
    expect(relativeTime(at(-2 * 365 * DAY), now)).toBe('2 years ago');
    expect(relativeTime(at(-10_000), now)).toBe('just now');
  });

  it('says how long to wait', () => {
    expect(formatWait(800)).toBe('1 s');
    expect(formatWait(45_000)).toBe('45 s');
    expect(formatWait(125_000)).toBe('2 min 5 s');
    expect(formatWait(15 * 60_000)).toBe('15 min');
  });
});

describe('badges', () => {
  const now = Date.parse('2025-06-15T12:00:00Z');
  const base = { expiresAt: null, rotationIntervalDays: null, valueUpdatedAt: new Date(now - 10 * DAY).toISOString(), status: 'active', lastSharedAt: null } satisfies Partial<CredentialMeta>;
  const codes = (m: Partial<CredentialMeta>) => badges({ ...base, ...m }, now).map((b) => b.code);

  it('flags expiry and rotation', () => {
    expect(codes({})).toEqual([]);
    expect(codes({ expiresAt: new Date(now - DAY).toISOString() })).toEqual(['expired']);
    expect(codes({ expiresAt: new Date(now + 5 * DAY).toISOString() })).toEqual(['expiring-soon']);
    expect(codes({ expiresAt: new Date(now + 60 * DAY).toISOString() })).toEqual([]);
    expect(codes({ rotationIntervalDays: 7 })).toEqual(['rotation-overdue']);
    expect(codes({ rotationIntervalDays: 20 })).toEqual(['rotation-due-soon']);
    expect(codes({ rotationIntervalDays: 90 })).toEqual([]);
    expect(codes({ status: 'compromised' })).toEqual(['compromised']);
    expect(codes({ lastSharedAt: new Date(now - DAY).toISOString() })).toEqual(['shared-since-rotation']);
  });

  it('words them for people', () => {
    expect(badges({ ...base, expiresAt: new Date(now + 5 * DAY).toISOString() }, now)[0]?.text).toBe('expires in 5 days');
    expect(badges({ ...base, rotationIntervalDays: 7 }, now)[0]?.text).toBe('rotation overdue by 3 days');
  });
});

describe('error report', () => {
  it('prints KeyholdError messages with distinct exit codes', () => {
    const lines: string[] = [];
    expect(reportError(new KeyholdError('NOT_FOUND', "No credential named 'x'"), {}, (l) => lines.push(l))).toBe(EXIT_CODES.NOT_FOUND);
    expect(lines).toEqual(["keyhold: No credential named 'x'"]);
    expect(new Set(Object.values(EXIT_CODES)).size).toBe(Object.keys(EXIT_CODES).length);
    expect(Object.values(EXIT_CODES)).not.toContain(0);
  });

  it('says how long to wait when throttled', () => {
    const lines: string[] = [];
    reportError(new KeyholdError('THROTTLED', 'x', { retryAfterMs: 65_000 }), {}, (l) => lines.push(l));
    expect(lines[0]).toBe('keyhold: Too many wrong master passwords: try again in 1 min 5 s.');
  });

  it('hides the details of unexpected errors unless KEYHOLD_DEBUG=1', () => {
    const lines: string[] = [];
    const e = new Error('sqlite said: value sk_live_SECRET');
    expect(reportError(e, {}, (l) => lines.push(l))).toBe(1);
    expect(lines.join('\n')).not.toContain('SECRET');
    expect(lines[0]).toMatch(/^keyhold: unexpected internal error/);
    const debug: string[] = [];
    reportError(e, { KEYHOLD_DEBUG: '1' }, (l) => debug.push(l));
    expect(debug.join('\n')).toContain('sqlite said');
  });
});
