// Cryptographic primitives of the vault: Argon2id key derivation, AES-256-GCM sealing with
// associated data, HKDF subkeys and the audit MAC. Nothing here touches storage.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { hashRaw } from './natives.ts';
import type { KdfParams } from '../../shared/model.ts';

export const KEY_LEN = 32;
export const SALT_LEN = 16;
const NONCE_LEN = 12;
const TAG_LEN = 16;
/** Blob layout version byte, so the sealing format can change later without guessing. */
const BLOB_V1 = 1;
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

/** Length-prefixed concatenation so ("ab","c") and ("a","bc") never produce the same bytes. One allocation: it runs for every record read. */
export function encodeAad(parts: (string | number | Buffer)[]): Buffer {
  let total = 0;
  const bufs = parts.map((p) => {
    const b = Buffer.isBuffer(p) ? p : Buffer.from(String(p), 'utf8');
    total += 4 + b.length;
    return b;
  });
  const out = Buffer.alloc(total);
  let at = 0;
  for (const b of bufs) {
    out.writeUInt32BE(b.length, at);
    b.copy(out, at + 4);
    at += 4 + b.length;
  }
  return out;
}

/** AES-256-GCM with a fresh random nonce. Layout: version(1) | nonce(12) | tag(16) | ciphertext. */
export function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const nonce = randomBytes(NONCE_LEN);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_LEN });
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([BLOB_V1]), nonce, cipher.getAuthTag(), ct]);
}

/** Returns the plaintext, or null when authentication fails (wrong key, tampering, wrong row). */
export function open(key: Buffer, blob: Buffer, aad: Buffer): Buffer | null {
  if (blob.length < 1 + NONCE_LEN + TAG_LEN || blob[0] !== BLOB_V1) return null;
  const nonce = blob.subarray(1, 1 + NONCE_LEN);
  const tag = blob.subarray(1 + NONCE_LEN, 1 + NONCE_LEN + TAG_LEN);
  const ct = blob.subarray(1 + NONCE_LEN + TAG_LEN);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_LEN });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    const plain = decipher.update(ct);
    const rest = decipher.final(); // GCM returns everything from update(); final() checks the tag
    return rest.length === 0 ? plain : Buffer.concat([plain, rest]);
  } catch {
    return null;
  }
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
