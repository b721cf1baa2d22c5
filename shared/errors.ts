// Error codes that cross every boundary (vault core, IPC, CLI). Messages never contain secret values.
export const ERROR_CODES = [
  'WRONG_PASSWORD', // master password or passphrase did not open the key
  'THROTTLED', // too many wrong passwords: wait retryAfterMs
  'LOCKED', // operation needs an unlocked vault
  'NO_VAULT', // no vault at that path
  'VAULT_EXISTS', // init on a path that already holds a vault
  'NOT_FOUND', // no credential / contact / record with that name or id
  'ALREADY_EXISTS', // name already taken
  'DISABLED', // credential is disabled, revoked or in the trash: refused by get/run/copy
  'INTEGRITY', // authentication failed: tampered or corrupted data
  'UNSUPPORTED_VERSION', // file written by a newer Keyhold, or unknown format version
  'INVALID_INPUT', // input failed validation
  'EXPIRED', // share bundle past its expiry
  'UNTRUSTED_SENDER', // bundle signed by a sender who is not a contact and was not accepted
  'REPLAYED', // bundle id already imported
  'TOO_LARGE', // file over the size limit
  'IO', // the file system refused (disk full, permissions)
  'CANCELLED', // the user cancelled a dialog or prompt
  'INTERNAL', // a bug: reported without details that could carry secrets
  'DENIED', // the desktop app's user refused a request made through the agent
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface KeyholdErrorData {
  code: ErrorCode;
  message: string;
  /** Only for THROTTLED: milliseconds until the next attempt is accepted. */
  retryAfterMs?: number;
  /** Only for INTEGRITY from verify-like operations: ids of failing records. */
  ids?: string[];
}

export class KeyholdError extends Error {
  readonly code: ErrorCode;
  readonly retryAfterMs?: number;
  readonly ids?: string[];

  constructor(code: ErrorCode, message: string, extra: { retryAfterMs?: number; ids?: string[] } = {}) {
    super(message);
    this.name = 'KeyholdError';
    this.code = code;
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs;
    if (extra.ids !== undefined) this.ids = extra.ids;
  }

  toData(): KeyholdErrorData {
    const data: KeyholdErrorData = { code: this.code, message: this.message };
    if (this.retryAfterMs !== undefined) data.retryAfterMs = this.retryAfterMs;
    if (this.ids !== undefined) data.ids = this.ids;
    return data;
  }
}

export function isKeyholdError(e: unknown): e is KeyholdError {
  return e instanceof KeyholdError;
}
