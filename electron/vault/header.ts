// The plaintext header of a vault file: rows of the `meta` table that name the format and the
// vault, hold the Argon2 parameters, salt and wrapped vault key, and count failed unlocks.
import type { KdfParams } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { getMeta, getMetaText, setMeta, type Db } from './db.ts';
import { kdfParamsSchema } from './validate.ts';

const VAULT_FORMAT = 'keyhold-vault';

/** Row keys of `meta` (docs/vault-format.md, "Tables"). */
export const META = {
  format: 'format',
  vaultId: 'vault_id',
  kdf: 'kdf',
  salt: 'salt',
  wrappedKey: 'wrapped_key',
  failures: 'unlock_failures',
  lastFailure: 'unlock_last_failure',
  pending: 'unlock_pending',
} as const;

/** The vault key sealed under a key derived from the master password with these parameters. */
export interface KeyWrapping {
  kdf: KdfParams;
  salt: Buffer;
  wrapped: Buffer;
}

export function writeNewHeader(db: Db, vaultId: string, wrapping: KeyWrapping): void {
  setMeta(db, META.format, VAULT_FORMAT);
  setMeta(db, META.vaultId, vaultId);
  writeWrapping(db, wrapping);
  setMeta(db, META.failures, '0');
}

/** The vault id, or null when the file is not a Keyhold vault or its header is incomplete. */
export function readVaultId(db: Db): string | null {
  const vaultId = getMetaText(db, META.vaultId);
  if (getMetaText(db, META.format) !== VAULT_FORMAT || !vaultId || !getMeta(db, META.wrappedKey) || !getMeta(db, META.salt)) return null;
  return vaultId;
}

/** The stored Argon2 parameters; INTEGRITY (not a parser's error) when the row is missing or damaged. */
export function readKdf(db: Db): KdfParams {
  let raw: unknown = null;
  try {
    raw = JSON.parse(getMetaText(db, META.kdf) ?? 'null');
  } catch {
    // reported below, like any other malformed value
  }
  const kdf = kdfParamsSchema.safeParse(raw);
  if (!kdf.success) throw new KeyholdError('INTEGRITY', "The vault header's key-derivation parameters are missing or damaged.");
  return kdf.data;
}

export function readWrapping(db: Db): KeyWrapping {
  return { salt: getMeta(db, META.salt) as Buffer, wrapped: getMeta(db, META.wrappedKey) as Buffer, kdf: readKdf(db) };
}

export function writeWrapping(db: Db, wrapping: KeyWrapping): void {
  setMeta(db, META.kdf, JSON.stringify(wrapping.kdf));
  setMeta(db, META.salt, wrapping.salt);
  setMeta(db, META.wrappedKey, wrapping.wrapped);
}
