// Opening AES-256-GCM blobs and building their associated data: the half of crypto.ts that
// needs no Argon2 (a reader that only opens records does not load the native module).
import { createDecipheriv } from 'node:crypto';

export const NONCE_LEN = 12;
export const TAG_LEN = 16;
/** Blob layout version byte, so the sealing format can change later without guessing. */
export const BLOB_V1 = 1;

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

/** Returns the plaintext, or null when authentication fails (wrong key, tampering, wrong row). */
export function open(key: Uint8Array, blob: Uint8Array, aad: Buffer): Buffer | null {
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

const RECORD_AAD_TAG = 'keyhold-record-v1';

/** The associated data of a `records` row: binds the blob to the vault, its row id, kind and version counter. */
export function recordAad(vaultId: string, id: string, kind: string, version: number): Buffer {
  return encodeAad([RECORD_AAD_TAG, vaultId, id, kind, version]);
}
