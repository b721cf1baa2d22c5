// The vault: one SQLite file holding sealed credential records, sealed documents and an audit
// trail, opened with a master password. Decrypted metadata lives in memory only while unlocked;
// values are decrypted on demand and never kept.
//
// This class is the public face (VaultApi) and only delegates: each method's work is in the
// module named next to it, on the shared VaultContext (context.ts).
import { existsSync } from 'node:fs';
import type {
  AccessPurpose, BulkPurpose, CreateVaultOptions, DocKind, ImportItem, ListFilter, StoredValues, ThrottleStatus, VaultApi, VaultOptions, VaultSummary,
} from './api.ts';
import type {
  AuditAction, AuditEntry, AuditFilter, AuditResult, CredentialInput, CredentialMeta, CredentialPatch, CredentialStatus,
  GeneratorRecipe, HistoryEntry, KdfParams, OriginInfo, VerifyReport,
} from '../../shared/model.ts';
import { requireOpen, sealCtx, type VaultContext } from './context.ts';
import { createVault, openVault } from './vault-file.ts';
import { readKdf } from './header.ts';
import { throttleStatus } from './throttle.ts';
import { changePassword, close, commitDeferredAudit, deferAudit, lock, unlock } from './session.ts';
import { bulkWrite, dataVersion, readTransaction } from './transaction.ts';
import type { DamagedCredential } from './credential-index.ts';
import {
  addCredential, editCredential, getCredential, listCredentials, markShared, purgeCredential, restoreCredential, setStatus, trashCredential,
} from './credentials.ts';
import { listHistory, readAllValues, readHistoryValue, readValue, rotateValue } from './values.ts';
import { countTags, renameTag } from './tags.ts';
import { readAuditLog, recordAction } from './audit-log.ts';
import { verifyAuditTrail, verifyVault } from './verify.ts';
import { deleteDoc, getDoc, listDocs, putDoc } from './documents.ts';
import { exportValues, importCredentials, type ExportedValues } from './import.ts';
import { backupVault, summarize } from './backup.ts';

export class Vault implements VaultApi {
  readonly path: string;
  readonly vaultId: string;
  #ctx: VaultContext;

  private constructor(path: string, ctx: VaultContext) {
    this.path = path;
    this.vaultId = ctx.vaultId;
    this.#ctx = ctx;
  }

  // ---------------------------------------------------------------- files: vault-file.ts

  static exists(path: string): boolean {
    return existsSync(path);
  }

  /** Creates a new vault file (mode 0600, parent folders 0700) and returns it unlocked. */
  static async create(path: string, password: string, opts: CreateVaultOptions = {}): Promise<Vault> {
    return new Vault(path, await createVault(path, password, opts));
  }

  /** Opens an existing vault, locked. */
  static open(path: string, opts: VaultOptions = {}): Vault {
    return new Vault(path, openVault(path, opts));
  }

  // ---------------------------------------------------------------- session: session.ts, throttle.ts

  isUnlocked(): boolean {
    return this.#ctx.keys !== null;
  }

  kdfParams(): KdfParams {
    requireOpen(this.#ctx);
    return readKdf(this.#ctx.db);
  }

  throttleStatus(): ThrottleStatus {
    requireOpen(this.#ctx);
    return throttleStatus(this.#ctx);
  }

  unlock(password: string, origin: OriginInfo): Promise<void> {
    return unlock(this.#ctx, password, origin);
  }

  lock(origin?: OriginInfo): void {
    lock(this.#ctx, origin);
  }

  deferAudit(): void {
    deferAudit(this.#ctx);
  }

  commitDeferred(): void {
    commitDeferredAudit(this.#ctx);
  }

  close(origin?: OriginInfo): void {
    close(this.#ctx, origin);
  }

  changePassword(oldPassword: string, newPassword: string, origin: OriginInfo, kdf?: KdfParams, opts?: { rekey?: boolean }): Promise<void> {
    return changePassword(this.#ctx, oldPassword, newPassword, origin, kdf, opts);
  }

  // ---------------------------------------------------------------- credentials: credentials.ts

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

  importMany(items: ImportItem[], source: string, origin: OriginInfo): CredentialMeta[] {
    return importCredentials(this.#ctx, items, source, origin);
  }

  exportValues(refs: string[], detail: string, origin: OriginInfo): ExportedValues[] {
    return exportValues(this.#ctx, refs, detail, origin);
  }

  // ---------------------------------------------------------------- backups: backup.ts

  backupTo(file: string): Promise<VaultSummary & { recordsChecked: number; auditEntries: number }> {
    return backupVault(this.#ctx, file);
  }

  summary(): VaultSummary {
    return summarize(this.#ctx);
  }

  hasExternalChanges(): boolean {
    return this.isUnlocked() && !this.#ctx.closed && dataVersion(this.#ctx) !== this.#ctx.cachedDataVersion;
  }

  damaged(): DamagedCredential[] {
    return readTransaction(this.#ctx, () => this.#ctx.index.damaged(this.#ctx));
  }

  // ---------------------------------------------------------------- values: values.ts

  readValue(ref: string, purpose: AccessPurpose, origin: OriginInfo): string {
    return readValue(this.#ctx, ref, purpose, origin);
  }

  readAllValues(purpose: BulkPurpose, origin: OriginInfo): StoredValues[] {
    return readAllValues(this.#ctx, purpose, origin);
  }

  rotate(ref: string, newValue: string, reason: string, origin: OriginInfo, generator?: GeneratorRecipe | null): CredentialMeta {
    return rotateValue(this.#ctx, ref, newValue, reason, origin, generator);
  }

  history(ref: string): HistoryEntry[] {
    return listHistory(this.#ctx, ref);
  }

  readHistoryValue(ref: string, valueVersion: number, origin: OriginInfo): string {
    return readHistoryValue(this.#ctx, ref, valueVersion, origin);
  }

  // ---------------------------------------------------------------- tags: tags.ts

  tags(): { tag: string; count: number }[] {
    return countTags(this.#ctx);
  }

  renameTag(from: string, to: string, origin: OriginInfo): number {
    return renameTag(this.#ctx, from, to, origin);
  }

  // ---------------------------------------------------------------- audit: audit-log.ts, verify.ts

  record(action: AuditAction, origin: OriginInfo, opts: { credentialId?: string | null; result?: AuditResult; detail?: string } = {}): void {
    recordAction(this.#ctx, action, origin, opts);
  }

  audit(filter: AuditFilter = {}): AuditEntry[] {
    return readAuditLog(this.#ctx, filter);
  }

  verify(): VerifyReport {
    return verifyVault(this.#ctx);
  }

  /**
   * The sealed audit head as this session trusts it: the newest record's sequence number and
   * chain MAC. The desktop app remembers it to notice a whole vault file put back by an older
   * copy (electron/app/rollback-guard.ts). INTEGRITY when the head does not match the trail.
   */
  auditHead(): { seq: number; mac: string } {
    return readTransaction(this.#ctx, () => {
      const head = this.#ctx.manifest.head(sealCtx(this.#ctx));
      return { seq: head.seq, mac: head.mac };
    });
  }

  verifyAudit(): VerifyReport['audit'] {
    return verifyAuditTrail(this.#ctx);
  }

  // ---------------------------------------------------------------- documents: documents.ts

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

  // ---------------------------------------------------------------- test hooks

  /** Test hook: the live key buffers, so a test can check that lock() zeroes them. */
  keyBuffersForTest(): Buffer[] {
    const k = this.#ctx.keys;
    return k ? [k.vaultKey, k.recordKey, k.auditKey, k.docIdKey, k.nameKey] : [];
  }

  /** Test and benchmark hook: many writes in one transaction (transaction.ts bulkWrite). */
  bulkForTest(fn: () => void): void {
    bulkWrite(this.#ctx, fn);
  }

  /** Test hook: caps the database size (PRAGMA max_page_count) to simulate a full disk. */
  limitPagesForTest(pages: number | null): void {
    const current = this.#ctx.db.pragma('page_count', { simple: true }) as number;
    this.#ctx.db.pragma(`max_page_count = ${pages === null ? 4294967294 : Math.max(current, Math.floor(pages))}`);
  }
}
