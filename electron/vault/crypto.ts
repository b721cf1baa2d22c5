// Cryptographic primitives of the vault: Argon2id key derivation, AES-256-GCM sealing with
// associated data, HKDF subkeys and the audit MAC. Nothing here touches storage.
import { createCipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { hashRaw } from './natives.ts';
import type { KdfParams } from '../../shared/model.ts';
import { BLOB_V1, NONCE_LEN, TAG_LEN } from './aead.ts';

// Opening sealed blobs lives in aead.ts (no Argon2 there: scan workers load it).
export { encodeAad, open } from './aead.ts';

export const KEY_LEN = 32;
export const SALT_LEN = 16;
/** @node-rs/argon2 exposes Algorithm as an ambient const enum, which isolated modules cannot read. */
const ARGON2ID = 2;

/** Argon2id(password, salt) -> 32-byte key-encryption key. The caller zeroes the result. */
export async function deriveKek(password: string, salt: Buffer, kdf: KdfParams): Promise<Buffer> {
  return hashRaw(password, {
    algorithm: ARGON2ID,
    memoryCost: kdf.memoryCost,
    timeCost: kdf.timeCost,
    parallelism: kdf.parallelism,
    outputLen: KEY_LEN,
    salt,
  });
}

/** AES-256-GCM with a fresh random nonce. Layout: version(1) | nonce(12) | tag(16) | ciphertext. */
export function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const nonce = randomBytes(NONCE_LEN);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_LEN });
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([BLOB_V1]), nonce, cipher.getAuthTag(), ct]);
}

/** HKDF-SHA256 subkey for one job; `info` names the job. */
export function subkey(vaultKey: Buffer, vaultId: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', vaultKey, Buffer.from(vaultId, 'utf8'), Buffer.from(`keyhold/${info}`, 'utf8'), KEY_LEN));
}

export function hmac(key: Buffer, ...parts: Buffer[]): Buffer {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest();
}

export function randomKey(): Buffer {
  return randomBytes(KEY_LEN);
}

export function randomSalt(): Buffer {
  return randomBytes(SALT_LEN);
}
