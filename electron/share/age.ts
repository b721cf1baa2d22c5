// The age layer: encrypt to X25519 recipients or a passphrase, decrypt with this vault's
// identity or a passphrase, and turn age-encryption's plain errors into distinct KeyholdErrors.
import { createRequire } from 'node:module';
import { KeyholdError, isKeyholdError } from '../../shared/errors.ts';
import { SCRYPT_LOG_N } from './limits.ts';
import { runPassphraseJob } from './passphrase-worker.ts';

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

/** Encrypts to recipients here (fast), or to a passphrase in a worker thread (scrypt is slow on purpose). */
export async function ageEncrypt(plaintext: Uint8Array, target: AgeTarget): Promise<Uint8Array> {
  if (target.kind === 'passphrase') {
    return runPassphraseJob({ op: 'encrypt', plaintext, passphrase: target.passphrase, logN: SCRYPT_LOG_N });
  }
  if (target.recipients.length === 0) throw new KeyholdError('INVALID_INPUT', 'A bundle needs at least one recipient.');
  const e = new (age().Encrypter)();
  for (const r of target.recipients) e.addRecipient(r);
  return e.encrypt(plaintext);
}

/** What the unauthenticated header says; used to explain failures, ask for a passphrase and refuse costly work. */
export interface AgeHeaderInfo {
  stanzaTypes: string[];
  /** Each stanza's arguments after its type, in order. */
  stanzaArgs: string[][];
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
  const stanzaArgs: string[][] = [];
  for (let i = 1; i < lines.length - 1; i++) {
    const l = lines[i]!;
    if (l.startsWith('--- ')) return stanzaTypes.length ? { stanzaTypes, stanzaArgs } : null;
    if (l.startsWith('-> ')) {
      const [type = '', ...args] = l.slice(3).split(' ');
      stanzaTypes.push(type);
      stanzaArgs.push(args);
    }
  }
  return null;
}

function mebibytes(logN: number): string {
  // scrypt with r = 8 needs 128 * r * N bytes = 2^(logN + 10).
  return logN <= 40 ? `${(2 ** (logN - 10)).toLocaleString('en-US')} MiB` : 'more memory than any computer has';
}

/**
 * A passphrase bundle's scrypt stanza, checked before any scrypt runs: it must be the only
 * stanza, well formed, and ask for no more work than Keyhold itself writes (2^SCRYPT_LOG_N).
 * Anything higher is refused unread: a hostile header could otherwise make this process spend
 * seconds and a gigabyte before the passphrase is even checked.
 */
function checkScryptStanza(info: AgeHeaderInfo): void {
  const i = info.stanzaTypes.indexOf('scrypt');
  if (i < 0) return;
  if (info.stanzaTypes.length !== 1) {
    throw new KeyholdError('INTEGRITY', "The bundle's age header is malformed: a passphrase stanza must be the only one.");
  }
  const args = info.stanzaArgs[i]!;
  const logNText = args[1] ?? '';
  if (args.length !== 2 || !/^[1-9][0-9]{0,3}$/.test(logNText)) {
    throw new KeyholdError('INTEGRITY', "The bundle's age header is malformed: its passphrase stanza is damaged.");
  }
  const logN = Number(logNText);
  if (logN > SCRYPT_LOG_N) {
    throw new KeyholdError('INTEGRITY',
      `This bundle's passphrase protection asks for scrypt work factor 2^${logN}, more than the 2^${SCRYPT_LOG_N} Keyhold writes and accepts ` +
      `(it would need ${mebibytes(logN)} of memory and long seconds of computing before the passphrase is even checked), so it was refused unread. ` +
      `Ask the sender for a bundle made by Keyhold, or by 'age -p', which uses 2^${SCRYPT_LOG_N}.`);
  }
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
  checkScryptStanza(info);
  const isPassphrase = info.stanzaTypes.includes('scrypt');
  if (isPassphrase && (keys.passphrase === undefined || keys.passphrase === '')) {
    throw new KeyholdError('WRONG_PASSWORD', 'This bundle is protected by a passphrase: give the passphrase to open it.');
  }
  try {
    // A passphrase bundle has only its scrypt stanza (checked above): the identity has nothing to open.
    if (isPassphrase) return await runPassphraseJob({ op: 'decrypt', file: bin, passphrase: keys.passphrase! });
    const d = new (age().Decrypter)();
    d.addIdentity(keys.ageSecret);
    return await d.decrypt(bin);
  } catch (e) {
    throw explain(e, isPassphrase);
  }
}

function explain(e: unknown, isPassphrase: boolean): KeyholdError {
  if (isKeyholdError(e)) return e;
  const msg = e instanceof Error ? e.message : '';
  if (/no identity matched/.test(msg)) {
    return isPassphrase
      ? new KeyholdError('WRONG_PASSWORD', 'Wrong passphrase for this bundle.')
      : new KeyholdError('INTEGRITY', "This bundle was not encrypted to this vault's identity (wrong recipient): ask the sender to encrypt it to the line 'keyhold identity' prints.");
  }
  if (/header HMAC/.test(msg)) return new KeyholdError('INTEGRITY', "The bundle's header was altered: its authentication code does not match.");
  if (/invalid|stanza|not the only one/.test(msg) && !/tag|chunk|ciphertext|stream/i.test(msg)) {
    return new KeyholdError('INTEGRITY', "The bundle's age header is malformed.");
  }
  return new KeyholdError('INTEGRITY', 'The bundle is truncated or its encrypted content was altered: authentication failed.');
}
