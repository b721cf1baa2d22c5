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
  DEFAULT_KDF, STATUSES, credentialInputSchema, credentialNameSchema, credentialPatchSchema,
  isoDateSchema, secretValueSchema, LIMITS,
  type AuditAction, type AuditEntry, type AuditFilter, type AuditResult, type CredentialInput, type CredentialMeta,
  type CredentialPatch, type CredentialStatus, type HistoryEntry, type KdfParams, type OriginInfo, type VerifyReport,
} from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { deriveKek, encodeAad, hmac, open as openSealed, randomKey, randomSalt, seal, subkey } from './crypto.ts';
import { connect, getMeta, getMetaText, mapStorageError, migrate, setMeta, type Db } from './db.ts';
import { deleteRecord, openRecord, rawByKind, readRecord, writeRecord } from './records.ts';
import { kdfParamsSchema, parseInput, passwordSchema, tagSchema } from './validate.ts';
import { z } from 'zod';
import { logAction, readAuditLog, recordAction } from './audit-log.ts';
import { verifyVault } from './verify.ts';
import { nowIso, requireKeys, requireOpen, sealCtx, type VaultContext } from './context.ts';
import { CredentialIndex } from './credential-index.ts';
import { readTransaction, writeTransaction } from './transaction.ts';
import {
  cloneMeta, dedupe, deleteCredential, loadSecret, saveMeta, saveSecret,
} from './credential-records.ts';

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
const MAX_DOC_BYTES = 1024 * 1024;
const DOC_KINDS: DocKind[] = ['identity', 'contact', 'share.sent', 'share.received', 'setting'];

const STATUS_ACTION: Record<CredentialStatus, AuditAction> = {
  active: 'enable', disabled: 'disable', compromised: 'compromised', revoked: 'revoke',
};
const PURPOSE_ACTION: Record<AccessPurpose, AuditAction> = {
  reveal: 'reveal', get: 'get', copy: 'copy', run: 'run', share: 'share.create',
};
const PURPOSES = Object.keys(PURPOSE_ACTION) as AccessPurpose[];
const collator = new Intl.Collator('en', { sensitivity: 'variant', numeric: true });

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
    return readTransaction(this.#ctx, () => {
      const scope = filter.scope ?? 'active';
      const out: CredentialMeta[] = [];
      for (const m of this.#ctx.index.values()) {
        const trashed = m.trashedAt !== null;
        if (scope === 'all' || (scope === 'trash') === trashed) out.push(cloneMeta(m));
      }
      return out.sort((a, b) => collator.compare(a.name, b.name));
    });
  }

  get(ref: string): CredentialMeta {
    return readTransaction(this.#ctx, () => cloneMeta(this.#ctx.index.resolve(ref)));
  }

  add(input: CredentialInput, value: string, origin: OriginInfo): CredentialMeta {
    const fields = parseInput(credentialInputSchema, input, 'credential');
    const secret = parseInput(secretValueSchema, value, 'secret value');
    return writeTransaction(this.#ctx, () => {
      this.#ctx.index.assertNameFree(fields.name, null);
      const now = nowIso(this.#ctx);
      const meta: CredentialMeta = {
        id: randomUUID(),
        name: fields.name,
        service: fields.service ?? '',
        environment: fields.environment ?? 'other',
        keyType: fields.keyType ?? 'private',
        tags: dedupe(fields.tags ?? []),
        notes: fields.notes ?? '',
        scopes: dedupe(fields.scopes ?? []),
        allowedIps: dedupe(fields.allowedIps ?? []),
        allowedDomains: dedupe(fields.allowedDomains ?? []),
        expiresAt: fields.expiresAt ?? null,
        rotationIntervalDays: fields.rotationIntervalDays ?? null,
        status: 'active',
        createdAt: now,
        updatedAt: now,
        valueUpdatedAt: now,
        valueVersion: 1,
        trashedAt: null,
        lastSharedAt: null,
      };
      saveMeta(this.#ctx, meta);
      saveSecret(this.#ctx, meta.id, { current: { value: secret, createdAt: now, valueVersion: 1 }, previous: [] });
      logAction(this.#ctx, 'create', origin, { cred: meta });
      return cloneMeta(meta);
    });
  }

  edit(ref: string, patch: CredentialPatch, origin: OriginInfo): CredentialMeta {
    const p = parseInput(credentialPatchSchema, patch, 'changes');
    return writeTransaction(this.#ctx, () => {
      const old = this.#ctx.index.resolve(ref);
      const next = cloneMeta(old);
      const changed: string[] = [];
      for (const [k, v] of Object.entries(p) as [keyof CredentialPatch, unknown][]) {
        if (v === undefined) continue;
        const val = Array.isArray(v) ? dedupe(v as string[]) : v;
        if (JSON.stringify(val) === JSON.stringify(old[k])) continue;
        (next as unknown as Record<string, unknown>)[k] = val;
        changed.push(k);
      }
      if (changed.length === 0) return cloneMeta(old);
      if (next.name !== old.name) this.#ctx.index.assertNameFree(next.name, old.id);
      next.updatedAt = nowIso(this.#ctx);
      saveMeta(this.#ctx, next);
      logAction(this.#ctx, 'edit', origin, { cred: next, detail: `changed: ${changed.join(', ')}` });
      return cloneMeta(next);
    });
  }

  readValue(ref: string, purpose: AccessPurpose, origin: OriginInfo): string {
    if (!PURPOSES.includes(purpose)) throw new KeyholdError('INVALID_INPUT', 'Unknown access purpose');
    const action = PURPOSE_ACTION[purpose];
    const outcome = writeTransaction(this.#ctx, (): { value: string } | { refused: string } => {
      const meta = this.#ctx.index.resolve(ref);
      const refused = this.#refusal(meta, purpose);
      if (refused) {
        logAction(this.#ctx, action, origin, { cred: meta, result: 'denied', detail: refused });
        return { refused };
      }
      const secret = loadSecret(this.#ctx, meta.id);
      logAction(this.#ctx, action, origin, { cred: meta });
      return { value: secret.current.value };
    });
    if ('refused' in outcome) throw new KeyholdError('DISABLED', outcome.refused);
    return outcome.value;
  }

  rotate(ref: string, newValue: string, reason: string, origin: OriginInfo): CredentialMeta {
    const value = parseInput(secretValueSchema, newValue, 'secret value');
    const why = parseInput(z.string().max(LIMITS.text), reason, 'reason');
    return writeTransaction(this.#ctx, () => {
      const meta = cloneMeta(this.#ctx.index.resolve(ref));
      const secret = loadSecret(this.#ctx, meta.id);
      const now = nowIso(this.#ctx);
      secret.previous.push({ ...secret.current, replacedAt: now, reason: why });
      secret.current = { value, createdAt: now, valueVersion: secret.current.valueVersion + 1 };
      meta.valueVersion = secret.current.valueVersion;
      meta.valueUpdatedAt = now;
      meta.updatedAt = now;
      saveSecret(this.#ctx, meta.id, secret);
      saveMeta(this.#ctx, meta);
      logAction(this.#ctx, 'rotate', origin, { cred: meta, detail: why ? `version ${meta.valueVersion}: ${why}` : `version ${meta.valueVersion}` });
      return cloneMeta(meta);
    });
  }

  history(ref: string): HistoryEntry[] {
    return readTransaction(this.#ctx, () => {
      const meta = this.#ctx.index.resolve(ref);
      return loadSecret(this.#ctx, meta.id)
        .previous.map(({ valueVersion, createdAt, replacedAt, reason }) => ({ valueVersion, createdAt, replacedAt, reason }))
        .sort((a, b) => b.valueVersion - a.valueVersion);
    });
  }

  readHistoryValue(ref: string, valueVersion: number, origin: OriginInfo): string {
    return writeTransaction(this.#ctx, () => {
      const meta = this.#ctx.index.resolve(ref);
      const secret = loadSecret(this.#ctx, meta.id);
      const found = secret.current.valueVersion === valueVersion ? secret.current : secret.previous.find((p) => p.valueVersion === valueVersion);
      if (!found) throw new KeyholdError('NOT_FOUND', `'${meta.name}' has no value version ${valueVersion}`);
      logAction(this.#ctx, 'history.reveal', origin, { cred: meta, detail: `version ${valueVersion}` });
      return found.value;
    });
  }

  setStatus(ref: string, status: CredentialStatus, origin: OriginInfo): CredentialMeta {
    const s = parseInput(z.enum(STATUSES), status, 'status');
    return writeTransaction(this.#ctx, () => {
      const meta = cloneMeta(this.#ctx.index.resolve(ref));
      meta.status = s;
      meta.updatedAt = nowIso(this.#ctx);
      saveMeta(this.#ctx, meta);
      logAction(this.#ctx, STATUS_ACTION[s], origin, { cred: meta });
      return cloneMeta(meta);
    });
  }

  trash(ref: string, origin: OriginInfo): CredentialMeta {
    return writeTransaction(this.#ctx, () => {
      const meta = cloneMeta(this.#ctx.index.resolve(ref));
      if (meta.trashedAt !== null) return meta;
      meta.trashedAt = nowIso(this.#ctx);
      meta.updatedAt = meta.trashedAt;
      saveMeta(this.#ctx, meta);
      logAction(this.#ctx, 'trash', origin, { cred: meta });
      return cloneMeta(meta);
    });
  }

  restore(ref: string, origin: OriginInfo, newName?: string): CredentialMeta {
    const name = newName === undefined ? undefined : parseInput(credentialNameSchema, newName, 'name');
    return writeTransaction(this.#ctx, () => {
      const meta = cloneMeta(this.#ctx.index.resolve(ref));
      if (meta.trashedAt === null) throw new KeyholdError('INVALID_INPUT', `'${meta.name}' is not in the trash`);
      if (name !== undefined && name !== meta.name) {
        this.#ctx.index.assertNameFree(name, meta.id);
        meta.name = name;
      }
      meta.trashedAt = null;
      meta.updatedAt = nowIso(this.#ctx);
      saveMeta(this.#ctx, meta);
      logAction(this.#ctx, 'restore', origin, { cred: meta, detail: name !== undefined ? 'restored under a new name' : undefined });
      return cloneMeta(meta);
    });
  }

  purge(ref: string, origin: OriginInfo): void {
    writeTransaction(this.#ctx, () => {
      const meta = this.#ctx.index.resolve(ref);
      if (meta.trashedAt === null) throw new KeyholdError('INVALID_INPUT', `'${meta.name}' is not in the trash: move it to the trash before purging`);
      deleteCredential(this.#ctx, meta.id);
            logAction(this.#ctx, 'purge', origin, { cred: meta });
    });
  }

  markShared(ids: string[], at: string): void {
    const when = parseInput(isoDateSchema, at, 'time');
    writeTransaction(this.#ctx, () => {
      for (const id of ids) {
        const meta = this.#ctx.index.get(id);
        if (!meta) throw new KeyholdError('NOT_FOUND', `No credential with id ${id}`);
        saveMeta(this.#ctx, { ...cloneMeta(meta), lastSharedAt: when });
      }
    });
  }

  tags(): { tag: string; count: number }[] {
    return readTransaction(this.#ctx, () => {
      const counts = new Map<string, number>();
      for (const m of this.#ctx.index.values()) {
        if (m.trashedAt !== null) continue;
        for (const t of m.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
      }
      return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => collator.compare(a.tag, b.tag));
    });
  }

  renameTag(from: string, to: string, origin: OriginInfo): number {
    const f = parseInput(tagSchema, from, 'tag');
    const t = parseInput(tagSchema, to, 'new tag');
    if (f === t) return 0;
    return writeTransaction(this.#ctx, () => {
      let n = 0;
      for (const m of [...this.#ctx.index.values()]) {
        if (!m.tags.includes(f)) continue;
        saveMeta(this.#ctx, { ...cloneMeta(m), tags: dedupe(m.tags.map((x) => (x === f ? t : x))), updatedAt: nowIso(this.#ctx) });
        n++;
      }
      if (n > 0) logAction(this.#ctx, 'tag.rename', origin, { detail: `'${f}' -> '${t}' on ${n} credential(s)` });
      return n;
    });
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
    const k = this.#docKind(kind);
    const docId = parseInput(z.string().min(1).max(1000), id, 'document id');
    const json = JSON.stringify(doc);
    if (json === undefined) throw new KeyholdError('INVALID_INPUT', 'Document is not JSON-serializable');
    if (Buffer.byteLength(json) > MAX_DOC_BYTES) throw new KeyholdError('TOO_LARGE', 'Document is larger than 1 MiB');
    writeTransaction(this.#ctx, () => writeRecord(sealCtx(this.#ctx), this.#docRowId(k, docId), `doc:${k}`, { id: docId, doc }));
  }

  getDoc<T>(kind: DocKind, id: string): T | undefined {
    const k = this.#docKind(kind);
    return readTransaction(this.#ctx, () => readRecord<{ id: string; doc: T }>(sealCtx(this.#ctx), this.#docRowId(k, id), `doc:${k}`)?.doc);
  }

  listDocs<T>(kind: DocKind): { id: string; doc: T }[] {
    const k = this.#docKind(kind);
    return readTransaction(this.#ctx, () => {
      const ctx = sealCtx(this.#ctx);
      const bad: string[] = [];
      const out: { id: string; doc: T }[] = [];
      for (const row of rawByKind(this.#ctx.db, `doc:${k}`)) {
        const d = openRecord<{ id: string; doc: T }>(ctx, row);
        if (d === null) bad.push(row.id);
        else out.push({ id: d.id, doc: d.doc });
      }
      if (bad.length) throw new KeyholdError('INTEGRITY', `${bad.length} ${k} record(s) failed authentication. Run verify.`, { ids: bad });
      return out.sort((a, b) => collator.compare(a.id, b.id));
    });
  }

  deleteDoc(kind: DocKind, id: string): boolean {
    const k = this.#docKind(kind);
    return writeTransaction(this.#ctx, () => deleteRecord(this.#ctx.db, this.#docRowId(k, id)));
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

  #refusal(meta: CredentialMeta, purpose: AccessPurpose): string | null {
    if (purpose === 'reveal') return null;
    if (meta.trashedAt !== null) return `'${meta.name}' is in the trash`;
    if (meta.status === 'disabled' || meta.status === 'revoked') return `'${meta.name}' is ${meta.status}`;
    if ((purpose === 'get' || purpose === 'run') && meta.expiresAt !== null && Date.parse(meta.expiresAt) <= this.#ctx.clock()) {
      return `'${meta.name}' expired on ${meta.expiresAt}`;
    }
    return null;
  }

  #docKind(kind: DocKind): DocKind {
    if (!DOC_KINDS.includes(kind)) throw new KeyholdError('INVALID_INPUT', 'Unknown document kind');
    return kind;
  }

  /** Document ids may be user-chosen: the row id is a keyed hash, never the id itself. */
  #docRowId(kind: DocKind, id: string): string {
    return `doc:${hmac(requireKeys(this.#ctx).docIdKey, Buffer.from(kind), Buffer.from([0]), Buffer.from(id, 'utf8')).toString('hex').slice(0, 32)}`;
  }
}
