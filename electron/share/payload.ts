// What is inside the age envelope: `{ payload, signature }` as JSON, where the signature is
// Ed25519 over the canonical encoding of `payload`. Parsed strictly: any deviation is refused.
// Versions: 1 (the first), 2 (adds intendedFor, and each credential's expiresAt and
// rotationIntervalDays). This Keyhold writes 2 and reads both.
import { z } from 'zod';
import { KeyholdError } from '../../shared/errors.ts';
import { contactNameSchema } from '../../shared/contract.ts';
import { credentialFieldsSchema, isoDateSchema, LIMITS, secretValueSchema } from '../../shared/model.ts';
import { canonicalJson } from './canonical.ts';

/** The version this Keyhold writes; it reads every version in READ_VERSIONS. */
export const PAYLOAD_VERSION = 2;
const READ_VERSIONS = [1, 2] as const;
const MAX_CREDENTIALS = 1000;
const MAX_RECIPIENTS = 100;

/** One shared credential in payload v1: its value and descriptive fields, never its history. */
const sharedCredentialV1Schema = z.strictObject({
  ...credentialFieldsSchema.pick({ name: true, service: true, environment: true, keyType: true, tags: true, notes: true, scopes: true, allowedIps: true, allowedDomains: true }).shape,
  value: secretValueSchema,
});
/** Payload v2 adds the credential's expiry and rotation interval, so an import keeps them. */
const sharedCredentialV2Schema = z.strictObject({
  ...sharedCredentialV1Schema.shape,
  ...credentialFieldsSchema.pick({ expiresAt: true, rotationIntervalDays: true }).shape,
});
/** A shared credential as this Keyhold writes it and hands it on after reading any version. */
export type SharedCredential = z.infer<typeof sharedCredentialV2Schema>;

const line = z.string().min(1).max(4096);
const common = {
  bundleId: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'bundle id'),
  /** The sender's public identity line. */
  sender: line,
  /** Identity lines the bundle was encrypted to; empty for a passphrase bundle. */
  recipients: z.array(line).max(MAX_RECIPIENTS),
  createdAt: isoDateSchema,
  expiresAt: isoDateSchema,
  message: z.string().max(LIMITS.text).nullable(),
};
const payloadV1Schema = z.strictObject({
  v: z.literal(1),
  ...common,
  credentials: z.array(sharedCredentialV1Schema).min(1).max(MAX_CREDENTIALS),
});
const payloadV2Schema = z.strictObject({
  v: z.literal(2),
  ...common,
  /**
   * Who the sender meant the bundle for, in the sender's words: the contacts' names, or the names
   * typed with `--for` for a passphrase bundle. Signed, so a reader can see whom it was not meant
   * for; not proof of who is reading (a passphrase opens for anyone who has it).
   */
  intendedFor: z.array(contactNameSchema).max(MAX_RECIPIENTS),
  credentials: z.array(sharedCredentialV2Schema).min(1).max(MAX_CREDENTIALS),
});
export const payloadSchema = z.discriminatedUnion('v', [payloadV1Schema, payloadV2Schema]);
/** A payload of any version, exactly as signed. */
export type Payload = z.infer<typeof payloadSchema>;
/** What this Keyhold writes. */
export type PayloadV2 = z.infer<typeof payloadV2Schema>;

/** The fields a reader uses, whatever the version: what an older one lacks is empty or null. */
export function readPayload(p: Payload): { intendedFor: string[]; credentials: SharedCredential[] } {
  if (p.v === 2) return { intendedFor: p.intendedFor, credentials: p.credentials };
  return { intendedFor: [], credentials: p.credentials.map((c) => ({ ...c, expiresAt: null, rotationIntervalDays: null })) };
}

const envelopeSchema = z.strictObject({
  payload: payloadSchema,
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'signature'),
});

/** The JSON text put inside the age file; indented so a person using the age CLI can read it. */
export function encodeEnvelope(payload: PayloadV2, signature: string): string {
  return JSON.stringify({ payload, signature }, null, 2) + '\n';
}

/** The bytes the signature covers. */
export function signedBytesOf(payload: Payload): string {
  return canonicalJson(payload);
}

/**
 * Parses the decrypted content. INTEGRITY when it is not JSON or not the bundle format,
 * UNSUPPORTED_VERSION when it names a payload version this Keyhold does not know.
 */
export function decodeEnvelope(plaintext: Uint8Array): { payload: Payload; signature: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  } catch {
    throw new KeyholdError('INTEGRITY', 'The bundle decrypted, but its content is not valid JSON: it was not made by Keyhold or was damaged before encryption.');
  }
  const v = (raw as { payload?: { v?: unknown } } | null)?.payload?.v;
  if (typeof raw === 'object' && raw !== null && v !== undefined && !(READ_VERSIONS as readonly unknown[]).includes(v)) {
    throw new KeyholdError('UNSUPPORTED_VERSION', `This bundle uses payload version ${JSON.stringify(v).slice(0, 20)}; this Keyhold reads versions ${READ_VERSIONS.join(' and ')}. Update Keyhold to open it.`);
  }
  const parsed = envelopeSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'top level';
    throw new KeyholdError('INTEGRITY', `The bundle's content does not match the Keyhold bundle format (at ${where.slice(0, 100)}).`);
  }
  const names = parsed.data.payload.credentials.map((c) => c.name);
  if (new Set(names).size !== names.length) throw new KeyholdError('INTEGRITY', 'The bundle lists the same credential name twice.');
  return parsed.data;
}
