// Credential lifecycle: listing and lookup, add and edit, status changes, the trash (trash,
// restore, purge) and share marks. Each change is one write transaction with its audit entry.
// Values are in values.ts.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ListFilter } from './api.ts';
import {
  STATUSES, credentialInputSchema, credentialNameSchema, credentialPatchSchema, isoDateSchema, secretValueSchema,
  type AuditAction, type CredentialInput, type CredentialMeta, type CredentialPatch, type CredentialStatus, type OriginInfo,
} from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { parseInput } from './validate.ts';
import { nowIso, type VaultContext } from './context.ts';
import { truncateWal } from './db.ts';
import { readTransaction, writeTransaction } from './transaction.ts';
import { cloneMeta, dedupe, deleteCredential, saveMeta, saveSecret } from './credential-records.ts';
import { logAction } from './audit-log.ts';
import { collate } from './collation.ts';
import { acceptName } from './names.ts';

const STATUS_ACTION: Record<CredentialStatus, AuditAction> = {
  active: 'enable', disabled: 'disable', compromised: 'compromised', revoked: 'revoke',
};

/** Sorted by name; the 'active' scope is everything not in the trash, whatever its status. Reads every credential. */
export function listCredentials(ctx: VaultContext, filter: ListFilter): CredentialMeta[] {
  return readTransaction(ctx, () => {
    const scope = filter.scope ?? 'active';
    const out: CredentialMeta[] = [];
    for (const m of ctx.index.all(ctx)) {
      const trashed = m.trashedAt !== null;
      if (scope === 'all' || (scope === 'trash') === trashed) out.push(cloneMeta(m));
    }
    return out.sort((a, b) => collate(a.name, b.name));
  });
}

/** By id or name: decrypts only that credential. */
export function getCredential(ctx: VaultContext, ref: string): CredentialMeta {
  return readTransaction(ctx, () => cloneMeta(ctx.index.resolve(ctx, ref)));
}

export function addCredential(ctx: VaultContext, input: CredentialInput, value: string, origin: OriginInfo): CredentialMeta {
  const fields = parseInput(credentialInputSchema, input, 'credential');
  const name = acceptName(fields.name);
  const secret = parseInput(secretValueSchema, value, 'secret value');
  return writeTransaction(ctx, () => {
    ctx.index.assertNameFree(ctx, name, null);
    const now = nowIso(ctx);
    const meta: CredentialMeta = {
      id: randomUUID(),
      name,
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
      generator: fields.generator ?? null,
      status: 'active',
      createdAt: now,
      updatedAt: now,
      valueUpdatedAt: now,
      valueVersion: 1,
      trashedAt: null,
      lastSharedAt: null,
    };
    saveMeta(ctx, meta);
    saveSecret(ctx, meta.id, { current: { value: secret, createdAt: now, valueVersion: 1 }, previous: [] });
    logAction(ctx, 'create', origin, { cred: meta });
    return cloneMeta(meta);
  });
}

/** Writes only the fields whose value changes, and names them in the audit entry; no change, no entry. */
export function editCredential(ctx: VaultContext, ref: string, patch: CredentialPatch, origin: OriginInfo): CredentialMeta {
  const p = parseInput(credentialPatchSchema, patch, 'changes');
  if (p.name !== undefined) p.name = acceptName(p.name);
  return writeTransaction(ctx, () => {
    const old = ctx.index.resolve(ctx, ref);
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
    if (next.name !== old.name) ctx.index.assertNameFree(ctx, next.name, old.id);
    next.updatedAt = nowIso(ctx);
    saveMeta(ctx, next);
    logAction(ctx, 'edit', origin, { cred: next, detail: `changed: ${changed.join(', ')}` });
    return cloneMeta(next);
  });
}

export function setStatus(ctx: VaultContext, ref: string, status: CredentialStatus, origin: OriginInfo): CredentialMeta {
  const s = parseInput(z.enum(STATUSES), status, 'status');
  return writeTransaction(ctx, () => {
    const meta = cloneMeta(ctx.index.resolve(ctx, ref));
    meta.status = s;
    meta.updatedAt = nowIso(ctx);
    saveMeta(ctx, meta);
    logAction(ctx, STATUS_ACTION[s], origin, { cred: meta });
    return cloneMeta(meta);
  });
}

/** Trashing a trashed credential changes nothing and is not audited. */
export function trashCredential(ctx: VaultContext, ref: string, origin: OriginInfo): CredentialMeta {
  return writeTransaction(ctx, () => {
    const meta = cloneMeta(ctx.index.resolve(ctx, ref));
    if (meta.trashedAt !== null) return meta;
    meta.trashedAt = nowIso(ctx);
    meta.updatedAt = meta.trashedAt;
    saveMeta(ctx, meta);
    logAction(ctx, 'trash', origin, { cred: meta });
    return cloneMeta(meta);
  });
}

export function restoreCredential(ctx: VaultContext, ref: string, origin: OriginInfo, newName?: string): CredentialMeta {
  const name = newName === undefined ? undefined : acceptName(parseInput(credentialNameSchema, newName, 'name'));
  return writeTransaction(ctx, () => {
    const meta = cloneMeta(ctx.index.resolve(ctx, ref));
    if (meta.trashedAt === null) throw new KeyholdError('INVALID_INPUT', `'${meta.name}' is not in the trash`);
    if (name !== undefined && name !== meta.name) {
      ctx.index.assertNameFree(ctx, name, meta.id);
      meta.name = name;
    }
    meta.trashedAt = null;
    meta.updatedAt = nowIso(ctx);
    saveMeta(ctx, meta);
    logAction(ctx, 'restore', origin, { cred: meta, detail: name !== undefined ? 'restored under a new name' : undefined });
    return cloneMeta(meta);
  });
}

/** Only a trashed credential can be purged: deleting for good takes two steps. */
export function purgeCredential(ctx: VaultContext, ref: string, origin: OriginInfo): void {
  writeTransaction(ctx, () => {
    const meta = ctx.index.resolve(ctx, ref);
    if (meta.trashedAt === null) throw new KeyholdError('INVALID_INPUT', `'${meta.name}' is not in the trash: move it to the trash before purging`);
    deleteCredential(ctx, meta.id);
    logAction(ctx, 'purge', origin, { cred: meta });
  });
  // The purged rows (and their bucket's value snapshot) leave the WAL too; inside a bulk write the
  // outer transaction has not committed yet.
  if (!ctx.bulk) truncateWal(ctx.db);
}

/** Not audited itself: reading the values for the share was (share.create). */
export function markShared(ctx: VaultContext, ids: string[], at: string): void {
  const when = parseInput(isoDateSchema, at, 'time');
  writeTransaction(ctx, () => {
    for (const id of ids) {
      const meta = ctx.index.byId(ctx, id);
      if (!meta) throw new KeyholdError('NOT_FOUND', `No credential with id ${id}`);
      saveMeta(ctx, { ...cloneMeta(meta), lastSharedAt: when });
    }
  });
}
