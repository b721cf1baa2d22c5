// What is inside the age envelope: `{ payload, signature }` as JSON, where the signature is
// Ed25519 over the canonical encoding of `payload`. Parsed strictly: any deviation is refused.
import { z } from 'zod';
import { KeyholdError } from '../../shared/errors.ts';
import { credentialFieldsSchema, isoDateSchema, LIMITS, secretValueSchema } from '../../shared/model.ts';
import { canonicalJson } from './canonical.ts';

export const PAYLOAD_VERSION = 1;
const MAX_CREDENTIALS = 1000;
const MAX_RECIPIENTS = 100;

/** One shared credential: its value and descriptive fields, never its history. */
export const sharedCredentialSchema = credentialFieldsSchema
  .pick({ name: true, service: true, environment: true, keyType: true, tags: true, notes: true, scopes: true, allowedIps: true, allowedDomains: true })
  .extend({ value: secretValueSchema })
  .strict();
export type SharedCredential = z.infer<typeof sharedCredentialSchema>;

const line = z.string().min(1).max(4096);
export const payloadSchema = z.strictObject({
  v: z.literal(PAYLOAD_VERSION),
  bundleId: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'bundle id'),
  /** The sender's public identity line. */
  sender: line,
  /** Identity lines the bundle was encrypted to; empty for a passphrase bundle. */
  recipients: z.array(line).max(MAX_RECIPIENTS),
  createdAt: isoDateSchema,
  expiresAt: isoDateSchema,
  message: z.string().max(LIMITS.text).nullable(),
  credentials: z.array(sharedCredentialSchema).min(1).max(MAX_CREDENTIALS),
});
export type Payload = z.infer<typeof payloadSchema>;

const envelopeSchema = z.strictObject({
  payload: payloadSchema,
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'signature'),
});

/** The JSON text put inside the age file; indented so a person using the age CLI can read it. */
export function encodeEnvelope(payload: Payload, signature: string): string {
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
  if (typeof raw === 'object' && raw !== null && v !== undefined && v !== PAYLOAD_VERSION) {
    throw new KeyholdError('UNSUPPORTED_VERSION', `This bundle uses payload version ${JSON.stringify(v).slice(0, 20)}; this Keyhold reads version ${PAYLOAD_VERSION}. Update Keyhold to open it.`);
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
