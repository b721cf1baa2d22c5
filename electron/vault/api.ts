// The vault core's public surface. Everything above the core (CLI, application service, share
// bundles) depends on this interface only. All methods are synchronous except those that run
// Argon2. Every method that touches credentials throws KeyholdError('LOCKED') while locked.
import type {
  AuditEntry, AuditFilter, AuditResult, AuditAction, CredentialInput, CredentialMeta, CredentialPatch,
  CredentialStatus, GeneratorRecipe, HistoryEntry, KdfParams, OriginInfo, VerifyReport,
} from '../../shared/model.ts';

/** Why a value is being read: recorded in the audit trail; `get`/`run`/`copy`/`share` refuse a disabled credential. */
export type AccessPurpose = 'reveal' | 'get' | 'copy' | 'run' | 'share';

/** Kinds of generic sealed documents that features above the core store in the vault. */
export const DOC_KINDS = ['identity', 'contact', 'share.sent', 'share.received', 'setting', 'health'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

/** Why every value is read at once: the leak scan looks for them, the health report compares them. */
export type BulkPurpose = 'scan' | 'health';

/** All stored values of one credential, current first (for the leak scan and the health report only). */
export interface StoredValues {
  credentialId: string;
  name: string;
  versions: { valueVersion: number; current: boolean; value: string }[];
}

/** A credential record that cannot be read (see VaultApi.damaged). */
export interface DamagedCredential {
  id: string;
  /** What is wrong, in words, without any secret. */
  reason: string;
}

export interface ThrottleStatus {
  failedAttempts: number;
  /** 0 when an attempt is accepted now. */
  retryAfterMs: number;
}

export interface VaultOptions {
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
  /**
   * Accept Argon2 settings below OWASP's minimum (MIN_KDF) when creating the vault or changing its
   * password. Only for tests and explicit user choice (`--insecure-kdf`).
   */
  allowInsecureKdf?: boolean;
}

export interface CreateVaultOptions extends VaultOptions {
  kdf?: KdfParams;
  origin?: OriginInfo;
}

export interface ListFilter {
  /** 'active' lists everything not in the trash (any status); 'trash' lists only the trash; 'all' both. */
  scope?: 'active' | 'trash' | 'all';
}

export interface VaultApi {
  readonly path: string;
  readonly vaultId: string;
  isUnlocked(): boolean;
  /**
   * True while unlocked when another process (the CLI, another window) has committed to the vault
   * file since this handle last read it. Cheap: no decryption. The next read catches up.
   */
  hasExternalChanges(): boolean;
  throttleStatus(): ThrottleStatus;
  kdfParams(): KdfParams;

  /** Throws WRONG_PASSWORD (and records the failure) or THROTTLED without trying the password. Upgrades an older vault. */
  unlock(password: string, origin: OriginInfo): Promise<void>;
  /**
   * Zeroes the vault key and drops every decrypted record from memory. In a deferred-audit scope
   * it writes the waiting entries and the lock entry in one transaction, and throws if that fails.
   */
  lock(origin?: OriginInfo): void;
  /** Locks and closes the database (throws only as lock does). */
  close(): void;
  /**
   * Opens a deferred-audit scope, for a process that runs one command (the CLI): until lock,
   * close or commitDeferred, the entries of actions that change no row (unlock, reading a value,
   * record, lock) wait in memory and are written with the next change, so the command is one
   * transaction and one fsync. Values are then returned before their entry is committed: the
   * caller must treat a failing lock/close/commitDeferred as the command failing.
   */
  deferAudit(): void;
  /** Writes the entries a deferred-audit scope holds, in one transaction. */
  commitDeferred(): void;
  /**
   * Re-wraps the vault key under the new password (and optionally new Argon2 parameters). With
   * `rekey`, draws a new vault key and seals every record, audit entry and the manifest again
   * under it, in one transaction: an old copy of the header with the old password then opens
   * nothing written since (docs/vault-format.md). Rekeying refuses a vault that does not verify.
   */
  changePassword(oldPassword: string, newPassword: string, origin: OriginInfo, kdf?: KdfParams, opts?: { rekey?: boolean }): Promise<void>;

  list(filter?: ListFilter): CredentialMeta[];
  /** By id or by name. Throws NOT_FOUND. Finds trashed credentials too. */
  get(ref: string): CredentialMeta;
  add(input: CredentialInput, value: string, origin: OriginInfo): CredentialMeta;
  edit(ref: string, patch: CredentialPatch, origin: OriginInfo): CredentialMeta;
  /** Returns the current value and records the access. Throws DISABLED for disabled/revoked/trashed unless purpose is 'reveal'. */
  readValue(ref: string, purpose: AccessPurpose, origin: OriginInfo): string;
  /**
   * Every value (current and previous versions) of every credential not in the trash, audited as
   * one `scan` or `health.check` entry. The caller must keep them in memory and drop them soon.
   */
  readAllValues(purpose: BulkPurpose, origin: OriginInfo): StoredValues[];
  /** Replaces the value; the previous one moves to history with the reason. */
  /** `generator`: the recipe the new value was made with (kept for the next rotation); omit to keep the stored one. */
  rotate(ref: string, newValue: string, reason: string, origin: OriginInfo, generator?: GeneratorRecipe | null): CredentialMeta;
  history(ref: string): HistoryEntry[];
  /** Reads one previous value (audited as history.reveal). */
  readHistoryValue(ref: string, valueVersion: number, origin: OriginInfo): string;
  setStatus(ref: string, status: CredentialStatus, origin: OriginInfo): CredentialMeta;
  trash(ref: string, origin: OriginInfo): CredentialMeta;
  restore(ref: string, origin: OriginInfo, newName?: string): CredentialMeta;
  /** Removes a trashed credential and its history for good. */
  purge(ref: string, origin: OriginInfo): void;
  /** Mark credentials as shared (sets lastSharedAt). */
  markShared(ids: string[], at: string): void;

  tags(): { tag: string; count: number }[];
  /** Renames a tag everywhere; renaming onto an existing tag merges them. Returns how many credentials changed. */
  renameTag(from: string, to: string, origin: OriginInfo): number;

  /** Appends an audit record for an action performed above the core (copy, share, ...). */
  record(action: AuditAction, origin: OriginInfo, opts?: { credentialId?: string | null; result?: AuditResult; detail?: string }): void;
  audit(filter?: AuditFilter): AuditEntry[];
  verify(): VerifyReport;
  /** Checks only the audit trail's hash chain (cheaper than verify, which also opens every record). */
  verifyAudit(): VerifyReport['audit'];

  /**
   * Credential records that cannot be read: they fail authentication, are not the version the
   * sealed manifest names (an older copy was put back), or are missing although the manifest
   * lists them. Their names are unknown, their ids known; a damaged record keeps its name taken.
   * Reads every credential (like list). `keyhold ls`, the desktop list and `health` show these.
   */
  damaged(): DamagedCredential[];

  /** Generic sealed JSON documents for features above the core. */
  putDoc(kind: DocKind, id: string, doc: unknown): void;
  getDoc<T>(kind: DocKind, id: string): T | undefined;
  listDocs<T>(kind: DocKind): { id: string; doc: T }[];
  deleteDoc(kind: DocKind, id: string): boolean;
}
