// How a credential is stored: its metadata in a `credential` row (id = credential id), mirrored
// in the index, and its current and previous values in a separate `secret` row
// (`secret:<credential id>`) that is decrypted only when a value is asked for.
import type { CredentialMeta } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { checkRecord, deleteRecord, eachByKind, readRecord, writeRecord, type RawRecord } from './records.ts';
import { requireKeys, sealCtx, type VaultContext } from './context.ts';
import { CRED_KIND, SECRET_KIND, secretId } from './row-kinds.ts';
import { nameHash } from './names.ts';

export { CRED_KIND, SECRET_KIND, secretId, credentialIdOfSecret } from './row-kinds.ts';

interface SecretValue {
  value: string;
  createdAt: string;
  valueVersion: number;
}
export interface SecretRecord {
  current: SecretValue;
  previous: (SecretValue & { replacedAt: string; reason: string })[];
}

/** Callers get copies: the index's objects must only change through saveMeta. */
export function cloneMeta(m: CredentialMeta): CredentialMeta {
  const copy = { ...m, tags: [...m.tags], scopes: [...m.scopes], allowedIps: [...m.allowedIps], allowedDomains: [...m.allowedDomains] };
  if (m.generator) copy.generator = { ...m.generator };
  return copy;
}

export function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}

/** Writes the metadata row (with its name hash) and updates the index; call inside a write transaction. */
export function saveMeta(ctx: VaultContext, meta: CredentialMeta): void {
  writeRecord(sealCtx(ctx), meta.id, CRED_KIND, meta, nameHash(requireKeys(ctx).nameKey, meta.name));
  ctx.index.put(meta);
}

export function saveSecret(ctx: VaultContext, credId: string, secret: SecretRecord): void {
  writeRecord(sealCtx(ctx), secretId(credId), SECRET_KIND, secret);
}

/** `row`: the secret row when already fetched by a bulk read (null: absent); else it is read here. */
export function loadSecret(ctx: VaultContext, credId: string, row?: RawRecord | null): SecretRecord {
  const id = secretId(credId);
  const s = row === undefined ? readRecord<SecretRecord>(sealCtx(ctx), id, SECRET_KIND) : checkRecord<SecretRecord>(sealCtx(ctx), id, SECRET_KIND, row ?? undefined);
  if (!s) throw new KeyholdError('INTEGRITY', `The secret record of credential ${credId} is missing. Run verify.`, { ids: [secretId(credId)] });
  return s;
}

/** Every secret row by id, in one query (for reading all values). */
export function allSecretRows(ctx: VaultContext): Map<string, RawRecord> {
  const rows = new Map<string, RawRecord>();
  for (const row of eachByKind(ctx.db, SECRET_KIND)) rows.set(row.id, row);
  return rows;
}

/** Deletes both rows and the index entry; call inside a write transaction. */
export function deleteCredential(ctx: VaultContext, credId: string): void {
  deleteRecord(sealCtx(ctx), credId, CRED_KIND);
  deleteRecord(sealCtx(ctx), secretId(credId), SECRET_KIND);
  ctx.index.drop(credId);
}
