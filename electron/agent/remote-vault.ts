// A VaultApi whose every call goes to the agent: what `ctx.unlock()` gives CLI commands while an
// agent is unlocked, so each command works the same with or without one. The agent replaces the
// origins with its own (kind 'agent', the command, the asking process).
import { KeyholdError } from '../../shared/errors.ts';
import type {
  AuditAction, AuditEntry, AuditFilter, AuditResult, CredentialInput, CredentialMeta, CredentialPatch, CredentialStatus,
  GeneratorRecipe, HistoryEntry, KdfParams, OriginInfo, VerifyReport,
} from '../../shared/model.ts';
import type { AccessPurpose, BulkPurpose, DamagedCredential, DocKind, ListFilter, StoredValues, ThrottleStatus, VaultApi, VaultSummary } from '../vault/api.ts';
import type { AgentConnection } from './client.ts';
import { VAULT_METHODS, type VaultMethod } from './protocol.ts';

export class RemoteVault implements VaultApi {
  readonly path: string;
  readonly vaultId: string;
  readonly #conn: AgentConnection;
  readonly #command: string;

  /** `command`: the CLI command, recorded by the agent in the audit trail. */
  constructor(conn: AgentConnection, command: string) {
    this.#conn = conn;
    this.#command = command;
    this.path = conn.status.vaultPath;
    this.vaultId = conn.status.vaultId;
  }

  /** Which process serves the vault: the CLI-only agent or the desktop app. */
  get server(): 'agent' | 'desktop' {
    return this.#conn.status.server;
  }

  get connection(): AgentConnection {
    return this.#conn;
  }

  #call<T>(method: VaultMethod, ...args: unknown[]): T {
    return this.#conn.call(method, args, this.#command, VAULT_METHODS[method].result) as T;
  }

  isUnlocked(): boolean {
    return this.#call('isUnlocked');
  }
  hasExternalChanges(): boolean {
    return this.#call('hasExternalChanges');
  }
  throttleStatus(): ThrottleStatus {
    return this.#call('throttleStatus');
  }
  kdfParams(): KdfParams {
    return this.#call('kdfParams');
  }
  unlock(): Promise<void> {
    return Promise.reject(new KeyholdError('INVALID_INPUT', 'The agent holds the vault unlocked already.'));
  }
  /** Locking belongs to `keyhold lock`: a command ending must not lock the agent. */
  lock(): void {}
  close(): void {
    this.#conn.close();
  }
  /** Each request through the agent commits on its own: nothing to defer. */
  deferAudit(): void {}
  commitDeferred(): void {}
  changePassword(): Promise<void> {
    return Promise.reject(new KeyholdError('INVALID_INPUT', 'Changing the master password does not go through the agent.'));
  }
  list(filter?: ListFilter): CredentialMeta[] {
    return this.#call('list', filter);
  }
  get(ref: string): CredentialMeta {
    return this.#call('get', ref);
  }
  add(input: CredentialInput, value: string, origin: OriginInfo): CredentialMeta {
    return this.#call('add', input, value, origin);
  }
  edit(ref: string, patch: CredentialPatch, origin: OriginInfo): CredentialMeta {
    return this.#call('edit', ref, patch, origin);
  }
  readValue(ref: string, purpose: AccessPurpose, origin: OriginInfo): string {
    return this.#call('readValue', ref, purpose, origin);
  }
  rotate(ref: string, newValue: string, reason: string, origin: OriginInfo, generator?: GeneratorRecipe | null): CredentialMeta {
    return this.#call('rotate', ref, newValue, reason, origin, generator ?? null);
  }
  history(ref: string): HistoryEntry[] {
    return this.#call('history', ref);
  }
  readAllValues(purpose: BulkPurpose, origin: OriginInfo): StoredValues[] {
    return this.#call('readAllValues', purpose, origin);
  }
  readHistoryValue(ref: string, valueVersion: number, origin: OriginInfo): string {
    return this.#call('readHistoryValue', ref, valueVersion, origin);
  }
  setStatus(ref: string, status: CredentialStatus, origin: OriginInfo): CredentialMeta {
    return this.#call('setStatus', ref, status, origin);
  }
  trash(ref: string, origin: OriginInfo): CredentialMeta {
    return this.#call('trash', ref, origin);
  }
  restore(ref: string, origin: OriginInfo, newName?: string): CredentialMeta {
    return this.#call('restore', ref, origin, newName);
  }
  purge(ref: string, origin: OriginInfo): void {
    this.#call('purge', ref, origin);
  }
  markShared(ids: string[], at: string): void {
    this.#call('markShared', ids, at);
  }
  tags(): { tag: string; count: number }[] {
    return this.#call('tags');
  }
  renameTag(from: string, to: string, origin: OriginInfo): number {
    return this.#call('renameTag', from, to, origin);
  }
  record(action: AuditAction, origin: OriginInfo, opts?: { credentialId?: string | null; result?: AuditResult; detail?: string }): void {
    this.#call('record', action, origin, opts);
  }
  audit(filter?: AuditFilter): AuditEntry[] {
    return this.#call('audit', filter);
  }
  verify(): VerifyReport {
    return this.#call('verify');
  }
  verifyAudit(): VerifyReport['audit'] {
    return this.#call('verifyAudit');
  }
  damaged(): DamagedCredential[] {
    return this.#call('damaged');
  }
  putDoc(kind: DocKind, id: string, doc: unknown): void {
    this.#call('putDoc', kind, id, doc);
  }
  getDoc<T>(kind: DocKind, id: string): T | undefined {
    return this.#call('getDoc', kind, id);
  }
  listDocs<T>(kind: DocKind): { id: string; doc: T }[] {
    return this.#call('listDocs', kind);
  }
  deleteDoc(kind: DocKind, id: string): boolean {
    return this.#call('deleteDoc', kind, id);
  }

  // Bulk moves in and out (issue 11) work on the vault file itself (cli/file-vault.ts opens it
  // directly): a whole import or export is not a request the agent approves one value at a time.
  importMany(): CredentialMeta[] {
    throw notThroughAgent('import');
  }
  exportValues(): { id: string; value: string; previous: { value: string; createdAt: string; replacedAt: string }[] }[] {
    throw notThroughAgent('export');
  }
  backupTo(): Promise<VaultSummary & { recordsChecked: number; auditEntries: number }> {
    return Promise.reject(notThroughAgent('backup'));
  }
  summary(): VaultSummary {
    throw notThroughAgent('restore');
  }
}

function notThroughAgent(what: string): KeyholdError {
  return new KeyholdError('INVALID_INPUT', `'${what}' opens the vault file itself, not through the agent.`);
}
