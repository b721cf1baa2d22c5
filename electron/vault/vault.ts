// The vault: key hierarchy, sealed credential records, audit trail and unlock throttling over one
// SQLite file. Decrypted metadata lives in memory only while unlocked; values are decrypted on
// demand and never kept.
import { existsSync, linkSync, mkdirSync, openSync, closeSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type {
  AccessPurpose, CreateVaultOptions, DocKind, ListFilter, ThrottleStatus, VaultApi, VaultOptions,
} from './api.ts';
import {
  DEFAULT_KDF,
  type AuditAction, type AuditEntry, type AuditFilter, type AuditResult, type CredentialInput, type CredentialMeta,
  type CredentialPatch, type CredentialStatus, type HistoryEntry, type KdfParams, type OriginInfo, type VerifyReport,
} from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { deriveKek, encodeAad, open as openSealed, randomKey, randomSalt, seal, subkey } from './crypto.ts';
import { connect, getMeta, getMetaText, mapStorageError, migrate, setMeta, type Db } from './db.ts';
import { kdfParamsSchema, parseInput, passwordSchema } from './validate.ts';
import { logAction, readAuditLog, recordAction } from './audit-log.ts';
import { verifyVault } from './verify.ts';
import { requireKeys, requireOpen, type VaultContext } from './context.ts';
import { CredentialIndex } from './credential-index.ts';
import { readTransaction, writeTransaction } from './transaction.ts';
import {
  addCredential, editCredential, getCredential, listCredentials, markShared, purgeCredential, restoreCredential, setStatus, trashCredential,
} from './credentials.ts';
import { countTags, renameTag } from './tags.ts';
import { listHistory, readHistoryValue, readValue, rotateValue } from './values.ts';
import { deleteDoc, getDoc, listDocs, putDoc } from './documents.ts';

const FORMAT = 'keyhold-vault';
const M = {
  format: 'format',
  vaultId: 'vault_id',
  kdf: 'kdf',
  salt: 'salt',
  wrappedKey: 'wrapped_key',
  failures: 'unlock_failures',
  lastFailure: 'unlock_last_failure',
  pending: 'unlock_pending',
} as const;
const THROTTLE_FREE = 3;
const THROTTLE_CAP_MS = 15 * 60 * 1000;
const MAX_PENDING = 1000;

function wrapAad(vaultId: string, salt: Buffer, kdf: KdfParams): Buffer {
  return encodeAad(['keyhold-wrap-v1', vaultId, salt, kdf.memoryCost, kdf.timeCost, kdf.parallelism]);
}

export class Vault implements VaultApi {
  readonly path: string;
  readonly vaultId: string;
  #ctx: VaultContext;

  private constructor(path: string, ctx: VaultContext) {
    this.path = path;
    this.vaultId = ctx.vaultId;
    this.#ctx = ctx;
  }

  // ---------------------------------------------------------------- lifecycle

  static exists(path: string): boolean {
    return existsSync(path);
  }

  /** Creates a new vault file (mode 0600, parent folders 0700) and returns it unlocked. */
  static async create(path: string, password: string, opts: CreateVaultOptions = {}): Promise<Vault> {
    parseInput(passwordSchema, password, 'master password');
    const kdf = parseInput(kdfParamsSchema, opts.kdf ?? DEFAULT_KDF, 'Argon2 parameters');
    if (Vault.exists(path)) throw new KeyholdError('VAULT_EXISTS', `A vault already exists at ${path}`);
    const clock = opts.clock ?? Date.now;
    const dir = dirname(path);
    const salt = randomSalt();
    const vaultKey = randomKey();
    const vaultId = randomUUID();
    const kek = await deriveKek(password, salt, kdf);
    const wrapped = seal(kek, vaultKey, wrapAad(vaultId, salt, kdf));
    kek.fill(0);
    // Build the file under a temporary name, then link it into place: a crash never leaves a
    // half-made vault, and link() refuses to overwrite a vault created meanwhile.
    const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      closeSync(openSync(tmp, 'wx', 0o600));
      const db = connect(tmp);
      try {
        migrate(db, () => new Date(clock()).toISOString());
        db.transaction(() => {
          setMeta(db, M.format, FORMAT);
          setMeta(db, M.vaultId, vaultId);
          setMeta(db, M.kdf, JSON.stringify(kdf));
          setMeta(db, M.salt, salt);
          setMeta(db, M.wrappedKey, wrapped);
          setMeta(db, M.failures, '0');
        }).immediate();
        db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
      try {
        linkSync(tmp, path);
      } catch (e) {
        if ((e as { code?: string }).code === 'EEXIST') throw new KeyholdError('VAULT_EXISTS', `A vault already exists at ${path}`);
        throw e;
      }
    } catch (e) {
      vaultKey.fill(0);
      throw mapStorageError(e);
    } finally {
      for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) {
        try {
          unlinkSync(f);
        } catch {
          // not there: fine
        }
      }
    }
    const vault = Vault.open(path, opts);
    vault.#install(vaultKey);
    const origin = opts.origin ?? { kind: 'desktop', command: 'create' };
    vault.#ctx.sessionOrigin = origin;
    writeTransaction(vault.#ctx, () => logAction(vault.#ctx, 'vault.create', origin, { detail: `argon2id m=${kdf.memoryCost} t=${kdf.timeCost} p=${kdf.parallelism}`, genesis: true }));
    return vault;
  }

  /** Opens an existing vault, locked. */
  static open(path: string, opts: VaultOptions = {}): Vault {
    if (!existsSync(path)) throw new KeyholdError('NO_VAULT', `No vault at ${path}`);
    let db: Db | undefined;
    try {
      db = connect(path);
      migrate(db, () => new Date((opts.clock ?? Date.now)()).toISOString());
      const format = getMetaText(db, M.format);
      const vaultId = getMetaText(db, M.vaultId);
      if (format !== FORMAT || !vaultId || !getMeta(db, M.wrappedKey) || !getMeta(db, M.salt)) {
        throw new KeyholdError('INTEGRITY', 'This file is not a Keyhold vault, or its header is damaged.');
      }
      const ctx: VaultContext = {
        db, vaultId, clock: opts.clock ?? Date.now, index: new CredentialIndex(), keys: null, sessionOrigin: null, closed: false,
      };
      return new Vault(path, ctx);
    } catch (e) {
      db?.close();
      throw mapStorageError(e);
    }
  }

  isUnlocked(): boolean {
    return this.#ctx.keys !== null;
  }

  kdfParams(): KdfParams {
    requireOpen(this.#ctx);
    return this.#storedKdf();
  }

  throttleStatus(): ThrottleStatus {
    requireOpen(this.#ctx);
    const failedAttempts = Number(getMetaText(this.#ctx.db, M.failures) ?? '0') || 0;
    const last = Number(getMetaText(this.#ctx.db, M.lastFailure) ?? '0') || 0;
    if (failedAttempts < THROTTLE_FREE) return { failedAttempts, retryAfterMs: 0 };
    const delay = Math.min(THROTTLE_CAP_MS, 1000 * 2 ** (failedAttempts - THROTTLE_FREE));
    return { failedAttempts, retryAfterMs: Math.max(0, last + delay - this.#ctx.clock()) };
  }

  async unlock(password: string, origin: OriginInfo): Promise<void> {
    requireOpen(this.#ctx);
    parseInput(passwordSchema, password, 'master password');
    const throttle = this.throttleStatus();
    if (throttle.retryAfterMs > 0) {
      throw new KeyholdError('THROTTLED', `Too many wrong passwords. Try again in ${Math.ceil(throttle.retryAfterMs / 1000)} s.`, { retryAfterMs: throttle.retryAfterMs });
    }
    const vaultKey = await this.#unwrap(password);
    if (!vaultKey) {
      this.#recordFailure();
      throw new KeyholdError('WRONG_PASSWORD', 'Wrong master password.');
    }
    this.#install(vaultKey);
    this.#ctx.sessionOrigin = origin;
    try {
      writeTransaction(this.#ctx, () => {
        const pending = this.#pendingFailures();
        for (const t of pending) {
          logAction(this.#ctx, 'unlock.failed', origin, { result: 'failed', detail: 'wrong password (recorded at the next unlock)', time: t });
        }
        logAction(this.#ctx, 'unlock', origin, {});
        setMeta(this.#ctx.db, M.failures, '0');
        setMeta(this.#ctx.db, M.pending, '[]');
      });
    } catch (e) {
      // A damaged audit chain must not lock the user out of `verify`; any other failure does.
      if (!(e instanceof KeyholdError && e.code === 'INTEGRITY')) {
        this.#wipe();
        throw e;
      }
    }
  }

  lock(origin?: OriginInfo): void {
    if (!this.#ctx.keys) return;
    try {
      if (!this.#ctx.closed) writeTransaction(this.#ctx, () => logAction(this.#ctx, 'lock', origin ?? this.#ctx.sessionOrigin ?? { kind: 'desktop' }, {}));
    } catch {
      // Locking must succeed even if the record cannot be written (disk full, damaged chain).
    }
    this.#wipe();
  }

  close(origin?: OriginInfo): void {
    if (this.#ctx.closed) return;
    this.lock(origin);
    this.#ctx.closed = true;
    this.#ctx.db.close();
  }

  async changePassword(oldPassword: string, newPassword: string, origin: OriginInfo, kdf?: KdfParams): Promise<void> {
    requireKeys(this.#ctx);
    parseInput(passwordSchema, oldPassword, 'current master password');
    parseInput(passwordSchema, newPassword, 'new master password');
    const params = parseInput(kdfParamsSchema, kdf ?? this.#storedKdf(), 'Argon2 parameters');
    const current = await this.#unwrap(oldPassword);
    const keys = requireKeys(this.#ctx);
    const matches = current !== null && current.equals(keys.vaultKey);
    current?.fill(0);
    if (!matches) {
      writeTransaction(this.#ctx, () => logAction(this.#ctx, 'password.change', origin, { result: 'failed', detail: 'wrong current password' }));
      throw new KeyholdError('WRONG_PASSWORD', 'The current master password is wrong.');
    }
    const salt = randomSalt();
    const kek = await deriveKek(newPassword, salt, params);
    const wrapped = seal(kek, requireKeys(this.#ctx).vaultKey, wrapAad(this.vaultId, salt, params));
    kek.fill(0);
    writeTransaction(this.#ctx, () => {
      setMeta(this.#ctx.db, M.salt, salt);
      setMeta(this.#ctx.db, M.kdf, JSON.stringify(params));
      setMeta(this.#ctx.db, M.wrappedKey, wrapped);
      logAction(this.#ctx, 'password.change', origin, { detail: `argon2id m=${params.memoryCost} t=${params.timeCost} p=${params.parallelism}` });
    });
  }

  // ---------------------------------------------------------------- credentials

  list(filter: ListFilter = {}): CredentialMeta[] {
    return listCredentials(this.#ctx, filter);
  }

  get(ref: string): CredentialMeta {
    return getCredential(this.#ctx, ref);
  }

  add(input: CredentialInput, value: string, origin: OriginInfo): CredentialMeta {
    return addCredential(this.#ctx, input, value, origin);
  }

  edit(ref: string, patch: CredentialPatch, origin: OriginInfo): CredentialMeta {
    return editCredential(this.#ctx, ref, patch, origin);
  }

  readValue(ref: string, purpose: AccessPurpose, origin: OriginInfo): string {
    return readValue(this.#ctx, ref, purpose, origin);
  }

  rotate(ref: string, newValue: string, reason: string, origin: OriginInfo): CredentialMeta {
    return rotateValue(this.#ctx, ref, newValue, reason, origin);
  }

  history(ref: string): HistoryEntry[] {
    return listHistory(this.#ctx, ref);
  }

  readHistoryValue(ref: string, valueVersion: number, origin: OriginInfo): string {
    return readHistoryValue(this.#ctx, ref, valueVersion, origin);
  }

  setStatus(ref: string, status: CredentialStatus, origin: OriginInfo): CredentialMeta {
    return setStatus(this.#ctx, ref, status, origin);
  }

  trash(ref: string, origin: OriginInfo): CredentialMeta {
    return trashCredential(this.#ctx, ref, origin);
  }

  restore(ref: string, origin: OriginInfo, newName?: string): CredentialMeta {
    return restoreCredential(this.#ctx, ref, origin, newName);
  }

  purge(ref: string, origin: OriginInfo): void {
    purgeCredential(this.#ctx, ref, origin);
  }

  markShared(ids: string[], at: string): void {
    markShared(this.#ctx, ids, at);
  }

  tags(): { tag: string; count: number }[] {
    return countTags(this.#ctx);
  }

  renameTag(from: string, to: string, origin: OriginInfo): number {
    return renameTag(this.#ctx, from, to, origin);
  }

  // ---------------------------------------------------------------- audit

  record(action: AuditAction, origin: OriginInfo, opts: { credentialId?: string | null; result?: AuditResult; detail?: string } = {}): void {
    recordAction(this.#ctx, action, origin, opts);
  }

  audit(filter: AuditFilter = {}): AuditEntry[] {
    return readAuditLog(this.#ctx, filter);
  }

  verify(): VerifyReport {
    return verifyVault(this.#ctx);
  }

  // ---------------------------------------------------------------- documents

  putDoc(kind: DocKind, id: string, doc: unknown): void {
    putDoc(this.#ctx, kind, id, doc);
  }

  getDoc<T>(kind: DocKind, id: string): T | undefined {
    return getDoc<T>(this.#ctx, kind, id);
  }

  listDocs<T>(kind: DocKind): { id: string; doc: T }[] {
    return listDocs<T>(this.#ctx, kind);
  }

  deleteDoc(kind: DocKind, id: string): boolean {
    return deleteDoc(this.#ctx, kind, id);
  }

  /** Ids of credential records that failed authentication when the index was built (see verify). */
  damaged(): string[] {
    return readTransaction(this.#ctx, () => this.#ctx.index.damagedIds());
  }

  /** Test hook: the live key buffers, so a test can check that lock() zeroes them. */
  keyBuffersForTest(): Buffer[] {
    const k = this.#ctx.keys;
    return k ? [k.vaultKey, k.recordKey, k.auditKey, k.docIdKey] : [];
  }

  /** Test hook: caps the database size (PRAGMA max_page_count) to simulate a full disk. */
  limitPagesForTest(pages: number | null): void {
    const current = this.#ctx.db.pragma('page_count', { simple: true }) as number;
    this.#ctx.db.pragma(`max_page_count = ${pages === null ? 4294967294 : Math.max(current, Math.floor(pages))}`);
  }

  // ---------------------------------------------------------------- internals

  #storedKdf(): KdfParams {
    return kdfParamsSchema.parse(JSON.parse(getMetaText(this.#ctx.db, M.kdf) ?? 'null'));
  }

  /** Runs Argon2 and tries to unwrap the vault key; null when the password is wrong. */
  async #unwrap(password: string): Promise<Buffer | null> {
    let salt: Buffer, wrapped: Buffer, kdf: KdfParams;
    try {
      salt = getMeta(this.#ctx.db, M.salt) as Buffer;
      wrapped = getMeta(this.#ctx.db, M.wrappedKey) as Buffer;
      kdf = this.#storedKdf();
    } catch (e) {
      throw mapStorageError(e);
    }
    const kek = await deriveKek(password, salt, kdf);
    try {
      return openSealed(kek, wrapped, wrapAad(this.vaultId, salt, kdf));
    } finally {
      kek.fill(0);
    }
  }

  #install(vaultKey: Buffer): void {
    this.#wipe();
    this.#ctx.keys = {
      vaultKey,
      recordKey: subkey(vaultKey, this.vaultId, 'record-seal'),
      auditKey: subkey(vaultKey, this.vaultId, 'audit-mac'),
      docIdKey: subkey(vaultKey, this.vaultId, 'doc-id'),
    };
  }

  #wipe(): void {
    if (this.#ctx.keys) {
      for (const b of Object.values(this.#ctx.keys)) b.fill(0);
    }
    this.#ctx.keys = null;
    this.#ctx.sessionOrigin = null;
    this.#ctx.index.clear();
  }

  #pendingFailures(): number[] {
    try {
      const v = JSON.parse(getMetaText(this.#ctx.db, M.pending) ?? '[]') as unknown;
      return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
    } catch {
      return [];
    }
  }

  #recordFailure(): void {
    try {
      this.#ctx.db.transaction(() => {
        const n = Number(getMetaText(this.#ctx.db, M.failures) ?? '0') || 0;
        const now = this.#ctx.clock();
        setMeta(this.#ctx.db, M.failures, String(n + 1));
        setMeta(this.#ctx.db, M.lastFailure, String(now));
        setMeta(this.#ctx.db, M.pending, JSON.stringify([...this.#pendingFailures(), now].slice(-MAX_PENDING)));
      }).immediate();
    } catch (e) {
      throw mapStorageError(e);
    }
  }
}
