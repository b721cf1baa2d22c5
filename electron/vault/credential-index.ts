// The decrypted metadata of every credential, by id and by name, held only while unlocked. It
// mirrors the `credential` rows and is rebuilt whenever another connection has committed
// (PRAGMA data_version), so the desktop app and the CLI can share one vault file.
import type { CredentialMeta } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { stmt } from './db.ts';
import { openRecord, rawByKind, type SealCtx } from './records.ts';
import { CRED_KIND } from './credential-records.ts';

export class CredentialIndex {
  #byId = new Map<string, CredentialMeta>();
  #idByName = new Map<string, string>();
  /** Credential rows that failed authentication at the last rebuild (reported by verify). */
  #damaged = new Set<string>();
  #dataVersion = -1;
  #stale = true;

  /** Forces a rebuild at the next refresh: after a rollback the maps may not match the file. */
  markStale(): void {
    this.#stale = true;
  }

  /** Drops every decrypted record (at lock); the next refresh rebuilds from the file. */
  clear(): void {
    this.#byId.clear();
    this.#idByName.clear();
    this.#damaged.clear();
    this.#stale = true;
  }

  /** True when another connection committed since the index was built (cheap: no decryption). */
  isBehind(db: SealCtx['db']): boolean {
    return this.#stale || dataVersion(db) !== this.#dataVersion;
  }

  /** Rebuilds the index if another connection committed since we last looked. Call inside a transaction. */
  refresh(seal: SealCtx): void {
    const dv = dataVersion(seal.db);
    if (!this.#stale && dv === this.#dataVersion) return;
    this.#dataVersion = dv;
    this.#byId.clear();
    this.#idByName.clear();
    this.#damaged.clear();
    for (const row of rawByKind(seal.db, CRED_KIND)) {
      const meta = openRecord<CredentialMeta>(seal, row);
      if (meta === null || meta.id !== row.id) this.#damaged.add(row.id);
      else this.put(meta);
    }
    this.#stale = false;
  }

  /** Adds or replaces one credential; a rename frees its old name. */
  put(meta: CredentialMeta): void {
    const old = this.#byId.get(meta.id);
    if (old && this.#idByName.get(old.name) === meta.id) this.#idByName.delete(old.name);
    this.#byId.set(meta.id, meta);
    this.#idByName.set(meta.name, meta.id);
  }

  drop(id: string): void {
    const old = this.#byId.get(id);
    if (old && this.#idByName.get(old.name) === id) this.#idByName.delete(old.name);
    this.#byId.delete(id);
  }

  get(id: string): CredentialMeta | undefined {
    return this.#byId.get(id);
  }

  values(): MapIterator<CredentialMeta> {
    return this.#byId.values();
  }

  damagedIds(): string[] {
    return [...this.#damaged];
  }

  /** Finds a credential by id or by name (trashed ones too); NOT_FOUND or INTEGRITY otherwise. */
  resolve(ref: string): CredentialMeta {
    if (typeof ref !== 'string' || ref === '') throw new KeyholdError('INVALID_INPUT', 'Credential name or id is required');
    if (this.#damaged.has(ref)) {
      throw new KeyholdError('INTEGRITY', `Credential record ${ref} failed authentication: the vault file was modified or damaged. Run verify.`, { ids: [ref] });
    }
    const id = this.#byId.has(ref) ? ref : this.#idByName.get(ref);
    const meta = id === undefined ? undefined : this.#byId.get(id);
    if (!meta) {
      const hint = this.#damaged.size ? ` (${this.#damaged.size} damaged record(s) could not be read: run verify)` : '';
      throw new KeyholdError('NOT_FOUND', `No credential named '${ref}'${hint}`);
    }
    return meta;
  }

  /** Names are unique across active and trashed credentials; selfId may keep its own name. */
  assertNameFree(name: string, selfId: string | null): void {
    const owner = this.#idByName.get(name);
    if (owner !== undefined && owner !== selfId) {
      const inTrash = this.#byId.get(owner)?.trashedAt ? ' (in the trash)' : '';
      throw new KeyholdError('ALREADY_EXISTS', `A credential named '${name}' already exists${inTrash}`);
    }
  }
}

/** SQLite's counter of commits made by other connections to this file. */
function dataVersion(db: SealCtx['db']): number {
  return (stmt(db, 'PRAGMA data_version').get() as { data_version: number }).data_version;
}
