// Exit codes and the one-line error report. Every KeyholdError code has its own exit code so
// scripts can tell a wrong password from a missing credential from tampering.
import { isKeyholdError, type ErrorCode } from '../../shared/errors.ts';
import { formatWait } from './format.ts';

/** A mistake on the command line (unknown command or option, bad option value). Exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_USAGE = 2;

export const EXIT_CODES: Record<ErrorCode, number> = {
  INTERNAL: 1,
  INVALID_INPUT: 2, // same as a usage error: what was typed is not acceptable
  WRONG_PASSWORD: 3,
  THROTTLED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  DISABLED: 7,
  INTEGRITY: 8,
  NO_VAULT: 9,
  VAULT_EXISTS: 10,
  UNSUPPORTED_VERSION: 11,
  LOCKED: 12,
  EXPIRED: 13,
  UNTRUSTED_SENDER: 14,
  REPLAYED: 15,
  TOO_LARGE: 16,
  IO: 17,
  DENIED: 18,
  CANCELLED: 130, // like a shell's Ctrl-C
};

/** `keyhold health --fail-on` tripped, or `keyhold scan` found a stored value. */
export const EXIT_FINDINGS = 20;

/** The exit-code table for `keyhold --help`. */
export function exitCodeHelp(): string {
  const rows = [...Object.entries(EXIT_CODES), ['FINDINGS (health --fail-on, scan found a stored value)', EXIT_FINDINGS] as const]
    .sort((a, b) => a[1] - b[1])
    .map(([code, n]) => `  ${String(n).padStart(3)}  ${code}${code === 'INVALID_INPUT' ? ' (and usage errors)' : ''}`);
  return ['    0  success', ...rows].join('\n');
}

/**
 * Prints one line for the error and returns the exit code. Messages of KeyholdError never carry
 * secrets (a rule of the core); anything else may, so only its stack is shown, and only on request.
 */
export function reportError(e: unknown, env: NodeJS.ProcessEnv, write: (line: string) => void): number {
  if (e instanceof UsageError) {
    write(`keyhold: ${e.message}`);
    return EXIT_USAGE;
  }
  if (isKeyholdError(e)) {
    let message = e.message;
    if (e.code === 'WRONG_PASSWORD') message = 'Wrong master password.';
    if (e.code === 'THROTTLED') {
      message = `Too many wrong master passwords: try again in ${formatWait(e.retryAfterMs ?? 0)}.`;
    }
    if (e.code === 'INTEGRITY' && e.ids && e.ids.length > 0) message += ` (records: ${e.ids.join(', ')})`;
    write(`keyhold: ${message}`);
    return EXIT_CODES[e.code] ?? 1;
  }
  write('keyhold: unexpected internal error' + (env.KEYHOLD_DEBUG === '1' ? '' : ' (set KEYHOLD_DEBUG=1 to see details)'));
  if (env.KEYHOLD_DEBUG === '1') write(e instanceof Error ? (e.stack ?? String(e)) : String(e));
  return EXIT_CODES.INTERNAL;
}
