// The age layer: encrypt to X25519 recipients or a passphrase, decrypt with this vault's
// identity or a passphrase, and turn age-encryption's plain errors into distinct KeyholdErrors.
import { createRequire } from 'node:module';
import { KeyholdError } from '../../shared/errors.ts';
import { SCRYPT_LOG_N } from './limits.ts';

// Loaded on first use, so CLI commands that never touch a bundle do not pay for it.
type AgeLib = typeof import('age-encryption');
let ageLib: AgeLib | undefined;
function age(): AgeLib {
  ageLib ??= createRequire(import.meta.url)('age-encryption') as AgeLib;
  return ageLib;
}

const MAGIC = 'age-encryption.org/v1\n';
const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';

export type AgeTarget = { kind: 'recipients'; recipients: string[] } | { kind: 'passphrase'; passphrase: string };

export async function ageEncrypt(plaintext: Uint8Array, target: AgeTarget): Promise<Uint8Array> {
  const e = new (age().Encrypter)();
  if (target.kind === 'passphrase') {
    e.setScryptWorkFactor(SCRYPT_LOG_N);
    e.setPassphrase(target.passphrase);
  } else {
    if (target.recipients.length === 0) throw new KeyholdError('INVALID_INPUT', 'A bundle needs at least one recipient.');
    for (const r of target.recipients) e.addRecipient(r);
  }
  return e.encrypt(plaintext);
}

/** What the unauthenticated header says; used only to explain failures and to ask for a passphrase. */
export interface AgeHeaderInfo {
  stanzaTypes: string[];
}

function startsWith(bytes: Uint8Array, text: string): boolean {
  if (bytes.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Binary age bytes, decoding ASCII armor when present; null when this is not an age file at all. */
function binaryAge(bytes: Uint8Array): Uint8Array | null {
  if (startsWith(bytes, MAGIC)) return bytes;
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1').trimStart();
  if (!head.startsWith(ARMOR_BEGIN)) return null;
  try {
    return age().armor.decode(Buffer.from(bytes).toString('latin1'));
  } catch {
    throw new KeyholdError('INTEGRITY', 'The bundle is ASCII-armored, but the armor is truncated or damaged.');
  }
}

/** Reads the header's stanza lines up to the `---` MAC line; null if the header is incomplete. */
function readHeader(bin: Uint8Array): AgeHeaderInfo | null {
  const text = Buffer.from(bin.subarray(0, Math.min(bin.length, 64 * 1024))).toString('latin1');
  const lines = text.split('\n');
  if (lines[0] !== MAGIC.trimEnd()) return null;
  const stanzaTypes: string[] = [];
  for (let i = 1; i < lines.length - 1; i++) {
    const l = lines[i]!;
    if (l.startsWith('--- ')) return stanzaTypes.length ? { stanzaTypes } : null;
    if (l.startsWith('-> ')) stanzaTypes.push(l.split(' ')[1] ?? '');
  }
  return null;
}

/** Stanza types of an age file (`X25519`, `scrypt`, ...); INTEGRITY if it is not a readable age file. */
export function inspectAge(bytes: Uint8Array): AgeHeaderInfo {
  const bin = binaryAge(bytes);
  if (!bin) throw new KeyholdError('INTEGRITY', 'This file is not a Keyhold bundle: it is not an age-encrypted file.');
  const info = readHeader(bin);
  if (!info) throw new KeyholdError('INTEGRITY', "The bundle's age header is truncated or damaged.");
  return info;
}

export function needsPassphrase(bytes: Uint8Array): boolean {
  return inspectAge(bytes).stanzaTypes.includes('scrypt');
}

/**
 * Decrypts with this vault's age identity and, if given, a passphrase. Errors:
 * WRONG_PASSWORD (passphrase missing or wrong), INTEGRITY (wrong recipient, altered header,
 * truncated or altered content), each with its own message.
 */
export async function ageDecrypt(bytes: Uint8Array, keys: { ageSecret: string; passphrase?: string }): Promise<Uint8Array> {
  const info = inspectAge(bytes);
  const bin = binaryAge(bytes)!;
  const isPassphrase = info.stanzaTypes.includes('scrypt');
  if (isPassphrase && (keys.passphrase === undefined || keys.passphrase === '')) {
    throw new KeyholdError('WRONG_PASSWORD', 'This bundle is protected by a passphrase: give the passphrase to open it.');
  }
  const d = new (age().Decrypter)();
  d.addIdentity(keys.ageSecret);
  if (isPassphrase && keys.passphrase) d.addPassphrase(keys.passphrase);
  try {
    return await d.decrypt(bin);
  } catch (e) {
    throw explain(e, isPassphrase);
  }
}

function explain(e: unknown, isPassphrase: boolean): KeyholdError {
  const msg = e instanceof Error ? e.message : '';
  if (/no identity matched/.test(msg)) {
    return isPassphrase
      ? new KeyholdError('WRONG_PASSWORD', 'Wrong passphrase for this bundle.')
      : new KeyholdError('INTEGRITY', "This bundle was not encrypted to this vault's identity (wrong recipient): ask the sender to encrypt it to the line 'keyhold identity' prints.");
  }
  if (/header HMAC/.test(msg)) return new KeyholdError('INTEGRITY', "The bundle's header was altered: its authentication code does not match.");
  if (/work factor/.test(msg)) return new KeyholdError('INTEGRITY', "The bundle's passphrase work factor is higher than Keyhold accepts (scrypt logN 20).");
  if (/invalid|stanza|not the only one/.test(msg) && !/tag|chunk|ciphertext|stream/i.test(msg)) {
    return new KeyholdError('INTEGRITY', "The bundle's age header is malformed.");
  }
  return new KeyholdError('INTEGRITY', 'The bundle is truncated or its encrypted content was altered: authentication failed.');
}
