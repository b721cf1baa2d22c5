// The master password protects only the vault key: Argon2id turns it into a key-encryption key
// (KEK) that seals the vault key, with associated data that binds the vault id, salt and KDF
// parameters, so none of them can be altered without the unwrap failing. KEKs are zeroed as soon
// as they have been used.
import type { KdfParams } from '../../shared/model.ts';
import { deriveKek, encodeAad, open as openSealed, randomSalt, seal } from './crypto.ts';
import { mapStorageError, type Db } from './db.ts';
import { readWrapping, type KeyWrapping } from './header.ts';

function wrapAad(vaultId: string, salt: Buffer, kdf: KdfParams): Buffer {
  return encodeAad(['keyhold-wrap-v1', vaultId, salt, kdf.memoryCost, kdf.timeCost, kdf.parallelism]);
}

/** How the audit trail describes a set of Argon2 parameters. */
export function describeKdf(kdf: KdfParams): string {
  return `argon2id m=${kdf.memoryCost} t=${kdf.timeCost} p=${kdf.parallelism}`;
}

/**
 * Seals the vault key under a new password and fresh salt. The key is fetched only after Argon2
 * has run, so a vault locked in the meantime makes the getter throw instead of sealing zeroes.
 */
export async function wrapVaultKey(password: string, kdf: KdfParams, vaultId: string, vaultKey: () => Buffer): Promise<KeyWrapping> {
  const salt = randomSalt();
  const kek = await deriveKek(password, salt, kdf);
  try {
    return { kdf, salt, wrapped: seal(kek, vaultKey(), wrapAad(vaultId, salt, kdf)) };
  } finally {
    kek.fill(0);
  }
}

/** Runs Argon2 and tries to unwrap the vault key; null when the password is wrong. */
export async function unwrapVaultKey(db: Db, vaultId: string, password: string): Promise<Buffer | null> {
  let wrapping: KeyWrapping;
  try {
    wrapping = readWrapping(db);
  } catch (e) {
    throw mapStorageError(e);
  }
  const { salt, wrapped, kdf } = wrapping;
  const kek = await deriveKek(password, salt, kdf);
  try {
    return openSealed(kek, wrapped, wrapAad(vaultId, salt, kdf));
  } finally {
    kek.fill(0);
  }
}
