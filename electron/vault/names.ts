// Credential names: one spelling per name (Unicode NFC), no characters that hide or reorder text,
// and the keyed hash that finds a credential by name without decrypting the others.
import { hasDeceptiveChars } from '../../shared/text.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { hmac } from './crypto.ts';

/** The form names are stored, compared and hashed in: "café" typed as e + U+0301 is "café". */
export function canonicalName(name: string): string {
  return name.normalize('NFC');
}

/**
 * A new or changed name, canonical. Invisible and bidi-control characters are refused: with them
 * two names that look the same on screen would be different credentials.
 */
export function acceptName(name: string): string {
  const n = canonicalName(name);
  if (hasDeceptiveChars(n)) {
    throw new KeyholdError('INVALID_INPUT', 'Invalid name: it contains an invisible or text-direction character; type the name again without it.');
  }
  return n;
}

/** HMAC(name-index key, NFC name), 16 bytes: the `records.name_hash` column of credential rows. */
export function nameHash(nameKey: Buffer, name: string): Buffer {
  return hmac(nameKey, Buffer.from(canonicalName(name), 'utf8')).subarray(0, 16);
}
