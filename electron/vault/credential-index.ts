// The decrypted metadata of credentials, read on demand and held only while unlocked. A lookup
// by id reads that row; a lookup by name finds the row through its keyed name hash
// (`records.name_hash`), so `get NAME` decrypts one credential whatever the vault's size. Only
// listing (list, tags, verify) reads them all. Every row read is checked against the sealed
// manifest; one that fails is remembered as damaged. The cache is dropped whenever another
// connection commits (transaction.ts), so the desktop app and the CLI can share one vault file.
import type { CredentialMeta } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { openRecord, getRaw, eachByKind, rawByNameHash, type RawRecord, type SealCtx } from './records.ts';
import { CRED_KIND, looksLikeId } from './row-kinds.ts';
import { canonicalName, nameHash } from './names.ts';
import { bucketOf, mismatch, problemOf } from './manifest.ts';
import { requireKeys, sealCtx, type VaultContext } from './context.ts';

import type { DamagedCredential } from './api.ts';
export type { DamagedCredential } from './api.ts';

export class CredentialIndex {
  #byId = new Map<string, CredentialMeta>();
  #damaged = new Map<string, string>();
  /** True once every credential row was read (and every listed one accounted for). */
  #complete = false;

  /** Drops every decrypted record (at lock, or when the file changed). */
  clear(): void {
    this.#byId.clear();
    this.#damaged.clear();
    this.#complete = false;
  }

  /** Reads and checks every credential row; call inside a transaction. */
  loadAll(ctx: VaultContext): void {
    if (this.#complete) return;
    const seal = sealCtx(ctx);
    // The buckets first: the scan below streams rows and may run no other statement meanwhile.
    const listed = new Map<string, Map<string, number>>();
    const broken = new Map<string, string>();
    for (const bucket of ctx.manifest.credentialBuckets(seal)) {
      try {
        listed.set(bucket, ctx.manifest.bucket(seal, bucket));
      } catch (e) {
        if (!(e instanceof KeyholdError) || e.code !== 'INTEGRITY') throw e;
        broken.set(bucket, problemOf(e));
      }
    }
    const present = new Set<string>();
    for (const row of eachByKind(ctx.db, CRED_KIND)) {
      present.add(row.id);
      if (this.#byId.has(row.id) || this.#damaged.has(row.id)) continue;
      const bucket = bucketOf(CRED_KIND, row.id)!;
      const problem = broken.get(bucket) ?? mismatch(row.id, listed.get(bucket)?.get(row.id), row.version);
      if (problem) this.#markDamaged(row.id, problem);
      else this.#open(seal, row);
    }
    // Rows the manifest lists but the file lacks were deleted behind Keyhold's back.
    for (const rows of listed.values()) {
      for (const id of rows.keys()) {
        if (!id.startsWith('secret:') && !present.has(id)) this.#damaged.set(id, "It is missing: the sealed manifest lists it (deleted behind Keyhold's back).");
      }
    }
    this.#complete = true;
  }

  /** Every readable credential; loads them all first. */
  all(ctx: VaultContext): CredentialMeta[] {
    this.loadAll(ctx);
    return [...this.#byId.values()];
  }

  /** Every credential that could not be read, after reading them all. */
  damaged(ctx: VaultContext): DamagedCredential[] {
    this.loadAll(ctx);
    return [...this.#damaged].map(([id, reason]) => ({ id, reason }));
  }

  /** By id; undefined when there is no such credential (and the manifest agrees). INTEGRITY when damaged. */
  byId(ctx: VaultContext, id: string): CredentialMeta | undefined {
    const known = this.#byId.get(id);
    if (known) return known;
    this.#refuseDamaged(id);
    if (!looksLikeId(id)) return undefined;
    const row = getRaw(ctx.db, id);
    if (row && row.kind !== CRED_KIND) return undefined;
    if (!row) {
      this.#checkManifest(ctx, id, undefined);
      return undefined;
    }
    this.#tryOpen(ctx, row);
    this.#refuseDamaged(id);
    return this.#byId.get(id);
  }

  /** By name (NFC); undefined when no credential has it. INTEGRITY when its row is damaged. */
  byName(ctx: VaultContext, name: string): CredentialMeta | undefined {
    const row = rawByNameHash(ctx.db, nameHash(requireKeys(ctx).nameKey, name));
    if (!row) return undefined;
    const known = this.#byId.get(row.id);
    if (!known) {
      this.#refuseDamaged(row.id);
      if (row.kind !== CRED_KIND) this.#markDamaged(row.id, 'A record that is not a credential carries a credential name.');
      else this.#tryOpen(ctx, row);
      this.#refuseDamaged(row.id);
    }
    const meta = this.#byId.get(row.id)!;
    if (canonicalName(meta.name) !== canonicalName(name)) {
      // The plaintext name column points at a credential of another name: it was edited.
      this.#markDamaged(row.id, 'Its name index does not match its sealed name.');
      this.#refuseDamaged(row.id);
    }
    return meta;
  }

  /** Finds a credential by id or by name (trashed ones too); NOT_FOUND or INTEGRITY otherwise. */
  resolve(ctx: VaultContext, ref: string): CredentialMeta {
    if (typeof ref !== 'string' || ref === '') throw new KeyholdError('INVALID_INPUT', 'Credential name or id is required');
    const meta = this.byId(ctx, ref) ?? this.byName(ctx, ref);
    if (!meta) {
      const hint = this.#damaged.size ? ` (${this.#damaged.size} damaged record(s) could not be read: run verify)` : '';
      throw new KeyholdError('NOT_FOUND', `No credential named '${ref}'${hint}`);
    }
    return meta;
  }

  /**
   * Names are unique across active, trashed and damaged credentials, compared in NFC; selfId may
   * keep its own name. A damaged row keeps its name: it cannot be taken while the row is there.
   */
  assertNameFree(ctx: VaultContext, name: string, selfId: string | null): void {
    const row = rawByNameHash(ctx.db, nameHash(requireKeys(ctx).nameKey, name));
    if (!row || row.id === selfId) return;
    let owner: CredentialMeta | undefined;
    try {
      owner = this.byName(ctx, name);
    } catch (e) {
      if (!(e instanceof KeyholdError) || e.code !== 'INTEGRITY') throw e;
      throw new KeyholdError('ALREADY_EXISTS', `The name '${name}' belongs to a credential whose record is damaged (id ${row.id}); run verify.`, { ids: [row.id] });
    }
    const inTrash = owner?.trashedAt ? ' (in the trash)' : '';
    throw new KeyholdError('ALREADY_EXISTS', `A credential named '${name}' already exists${inTrash}`);
  }

  /** Adds or replaces one credential after a write. */
  put(meta: CredentialMeta): void {
    this.#byId.set(meta.id, meta);
    this.#damaged.delete(meta.id);
  }

  drop(id: string): void {
    this.#byId.delete(id);
  }

  #tryOpen(ctx: VaultContext, row: RawRecord): void {
    try {
      this.#checkManifest(ctx, row.id, row.version);
    } catch (e) {
      if (e instanceof KeyholdError && e.code === 'INTEGRITY') return;
      throw e;
    }
    this.#open(sealCtx(ctx), row);
  }

  /** Decrypts a row the manifest vouched for. */
  #open(seal: SealCtx, row: RawRecord): void {
    const meta = openRecord<CredentialMeta>(seal, row);
    if (meta === null || meta.id !== row.id || typeof meta.name !== 'string') {
      this.#markDamaged(row.id, 'It failed authentication (modified, damaged or moved from another row).');
    } else this.#byId.set(row.id, meta);
  }

  #checkManifest(ctx: VaultContext, id: string, version: number | undefined): void {
    try {
      ctx.manifest.check(sealCtx(ctx), CRED_KIND, id, version);
    } catch (e) {
      if (e instanceof KeyholdError && e.code === 'INTEGRITY') this.#markDamaged(id, problemOf(e));
      throw e;
    }
  }

  #markDamaged(id: string, reason: string): void {
    this.#byId.delete(id);
    this.#damaged.set(id, reason);
  }

  #refuseDamaged(id: string): void {
    if (this.#damaged.has(id)) {
      throw new KeyholdError('INTEGRITY', `Credential record ${id} is damaged: ${this.#damaged.get(id)} The vault file was modified or damaged. Run verify.`, { ids: [id] });
    }
  }
}
