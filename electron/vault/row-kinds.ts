// The kinds of rows in the `records` table and how their ids relate (docs/vault-format.md,
// "Tables"). A tiny module of its own: the manifest, the records and the index all need it.
export const CRED_KIND = 'credential';
export const SECRET_KIND = 'secret';
export const DOC_KIND_PREFIX = 'doc:';
export const AUDIT_HEAD_ID = 'audit-head';
export const AUDIT_HEAD_KIND = 'audit-head';
const SECRET_PREFIX = 'secret:';

export function secretId(credId: string): string {
  return `${SECRET_PREFIX}${credId}`;
}

export function credentialIdOfSecret(secretRowId: string): string {
  return secretRowId.slice(SECRET_PREFIX.length);
}

/** Credential ids are random UUIDs; a reference that is not one can only be a name. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export function looksLikeId(ref: string): boolean {
  return UUID.test(ref);
}
