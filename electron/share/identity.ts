// This vault's identity: an X25519 key pair to receive age bundles and an Ed25519 key pair to
// sign them, made on first use and sealed in the vault as the 'identity' document. Its public
// half travels as one line of text; the fingerprint is what people compare out of band.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { KeyholdError } from '../../shared/errors.ts';
import type { OriginInfo } from '../../shared/model.ts';
import type { VaultApi } from '../vault/api.ts';
import { bech32Decode, bech32Encode } from './bech32.ts';
import { nowOf, type ShareEnv } from './limits.ts';

export const IDENTITY_PREFIX = 'keyhold-id1';
const DOC_ID = 'self';
/** Domain separation: a bundle signature can never be mistaken for a signature over anything else. */
const SIGNING_CONTEXT = 'keyhold-bundle-signature-v1\n';

const b64url = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const identityDocSchema = z.strictObject({
  v: z.literal(1),
  createdAt: z.string(),
  ageSecret: z.string().regex(/^AGE-SECRET-KEY-1[0-9A-Z]+$/),
  ageRecipient: z.string().regex(/^age1[0-9a-z]+$/),
  signSecret: b64url,
  signPublic: b64url,
});
type IdentityDoc = z.infer<typeof identityDocSchema>;

export interface PublicIdentity {
  /** `keyhold-id1:<age1... recipient>:<base64url Ed25519 public key>` */
  line: string;
  /** Short digest of the whole line, `ABCD-EFGH-IJKL-MNOP`, for checking it by voice or chat. */
  fingerprint: string;
}

export interface ParsedIdentity extends PublicIdentity {
  ageRecipient: string;
  signPublic: string;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** 80 bits of SHA-256 over the identity line, base32, in groups of four. */
export function fingerprintOf(line: string): string {
  const digest = createHash('sha256').update(line, 'utf8').digest().subarray(0, 10);
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const byte of digest) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(acc >>> bits) & 31];
    }
  }
  return out.match(/.{4}/g)!.join('-');
}

/** Accepts a fingerprint as people type it: any case, with or without dashes and spaces. */
export function normalizeFingerprint(text: string): string {
  const raw = text.replace(/[\s-]/g, '').toUpperCase();
  return raw.match(/.{1,4}/g)?.join('-') ?? '';
}

function b64urlToBytes(s: string): Buffer {
  return Buffer.from(s, 'base64url');
}

function signingPublicKey(signPublic: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: signPublic }, format: 'jwk' });
}

/** Parses and checks an identity line; INVALID_INPUT naming the part that is wrong. */
export function parseIdentityLine(text: string): ParsedIdentity {
  const line = text.trim();
  const parts = line.split(':');
  if (parts.length !== 3 || parts[0] !== IDENTITY_PREFIX) {
    throw new KeyholdError('INVALID_INPUT', `Not a Keyhold identity line: it has the form ${IDENTITY_PREFIX}:age1...:SIGNING-KEY (run 'keyhold identity' to print yours).`);
  }
  const [, ageRecipient = '', signPublic = ''] = parts;
  const decoded = bech32Decode(ageRecipient);
  if (!decoded || decoded.hrp !== 'age' || decoded.bytes.length !== 32 || ageRecipient !== ageRecipient.toLowerCase()) {
    throw new KeyholdError('INVALID_INPUT', 'The age recipient in this identity line is damaged (its checksum or length is wrong): copy the whole line again.');
  }
  const sigBytes = b64urlToBytes(signPublic);
  if (!b64url.safeParse(signPublic).success || sigBytes.length !== 32 || sigBytes.toString('base64url') !== signPublic) {
    throw new KeyholdError('INVALID_INPUT', 'The signing key in this identity line is damaged (it must be 43 base64url characters): copy the whole line again.');
  }
  try {
    signingPublicKey(signPublic);
  } catch {
    throw new KeyholdError('INVALID_INPUT', 'The signing key in this identity line is not a valid Ed25519 public key.');
  }
  return { line, fingerprint: fingerprintOf(line), ageRecipient, signPublic };
}

function lineOf(doc: IdentityDoc): string {
  return `${IDENTITY_PREFIX}:${doc.ageRecipient}:${doc.signPublic}`;
}

function makeIdentity(now: number): IdentityDoc {
  const x = generateKeyPairSync('x25519').privateKey.export({ format: 'jwk' });
  const e = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  if (!x.d || !x.x || !e.d || !e.x) throw new KeyholdError('INTERNAL', 'Key generation returned an incomplete key.');
  // The secret's bytes are zeroed once encoded; the strings (JWK, age identity) cannot be.
  const ageSecretBytes = b64urlToBytes(x.d);
  try {
    return {
      v: 1,
      createdAt: new Date(now).toISOString(),
      ageSecret: bech32Encode('AGE-SECRET-KEY-', ageSecretBytes).toUpperCase(),
      ageRecipient: bech32Encode('age', b64urlToBytes(x.x)),
      signSecret: e.d,
      signPublic: e.x,
    };
  } finally {
    ageSecretBytes.fill(0);
  }
}

/** The sealed identity document, created on first use. */
function loadIdentity(vault: VaultApi, env?: ShareEnv): IdentityDoc {
  const stored = vault.getDoc<unknown>('identity', DOC_ID);
  if (stored === undefined) {
    const doc = makeIdentity(nowOf(env));
    vault.putDoc('identity', DOC_ID, doc);
    return doc;
  }
  const parsed = identityDocSchema.safeParse(stored);
  if (!parsed.success) throw new KeyholdError('INTEGRITY', "This vault's share identity record is malformed.");
  return parsed.data;
}

/** The vault's public identity line and fingerprint; creates the identity on first call. */
export function getIdentity(vault: VaultApi, env?: ShareEnv): PublicIdentity {
  const line = lineOf(loadIdentity(vault, env));
  return { line, fingerprint: fingerprintOf(line) };
}

/** Secret material for the bundle code in this folder; never leaves the share module. */
export function identitySecrets(vault: VaultApi, env?: ShareEnv): { line: string; ageSecret: string; ageRecipient: string; signSecret: string; signPublic: string } {
  const doc = loadIdentity(vault, env);
  return { line: lineOf(doc), ageSecret: doc.ageSecret, ageRecipient: doc.ageRecipient, signSecret: doc.signSecret, signPublic: doc.signPublic };
}

/**
 * The vault's X25519 secret as an age identity file (comments plus `AGE-SECRET-KEY-1...`), for
 * `age -d -i FILE`. Audited as identity.export. The caller writes it with mode 0600.
 */
export function exportAgeIdentity(vault: VaultApi, origin: OriginInfo, env?: ShareEnv): string {
  const doc = loadIdentity(vault, env);
  vault.record('identity.export', origin, { detail: `age identity ${doc.ageRecipient}` });
  return [
    '# Keyhold vault identity: the secret key that opens bundles sent to this vault.',
    `# created: ${doc.createdAt}`,
    `# public key: ${doc.ageRecipient}`,
    doc.ageSecret,
    '',
  ].join('\n');
}

/** The bytes a signature covers. They hold the shared values: callers zero them after use. */
function signedMessage(canonical: string): Buffer {
  return Buffer.from(SIGNING_CONTEXT + canonical, 'utf8');
}

export function signPayload(signSecret: string, signPublic: string, canonical: string): string {
  const key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: signSecret, x: signPublic }, format: 'jwk' });
  const message = signedMessage(canonical);
  try {
    return sign(null, message, key).toString('base64url');
  } finally {
    message.fill(0);
  }
}

export function verifyPayload(signPublic: string, canonical: string, signature: string): boolean {
  const sig = b64urlToBytes(signature);
  if (sig.length !== 64 || sig.toString('base64url') !== signature) return false;
  const message = signedMessage(canonical);
  try {
    return verify(null, message, signingPublicKey(signPublic), sig);
  } catch {
    return false;
  } finally {
    message.fill(0);
  }
}
