// Making, opening and importing share bundles. Opening checks, in order: size, age decryption,
// JSON and schema, signature, who it was encrypted to, times, replay. Every outcome is audited.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { contactNameSchema } from '../../shared/contract.ts';
import { KeyholdError, isKeyholdError } from '../../shared/errors.ts';
import { localTime } from '../../shared/time.ts';
import { credentialInputSchema, credentialNameSchema, LIMITS, type CredentialMeta, type OriginInfo } from '../../shared/model.ts';
import type { VaultApi } from '../vault/api.ts';
import { ageDecrypt, ageEncrypt, inspectAge } from './age.ts';
import { contactByLine, getContact } from './contacts.ts';
import { fingerprintOf, identitySecrets, normalizeFingerprint, parseIdentityLine, signPayload, verifyPayload } from './identity.ts';
import {
  CLOCK_SKEW_MS, DEFAULT_EXPIRY_SECONDS, MAX_BUNDLE_BYTES, MAX_EXPIRY_SECONDS, MIN_EXPIRY_SECONDS, MIN_PASSPHRASE_LENGTH,
  nowOf, type ShareEnv,
} from './limits.ts';
import { decodeEnvelope, encodeEnvelope, PAYLOAD_VERSION, readPayload, signedBytesOf, type PayloadV2, type SharedCredential } from './payload.ts';
import { PASSPHRASE_RECIPIENT, sentTo, type SentRecord, type SentShare } from './sent.ts';

export const createBundleRequestSchema = z.strictObject({
  /** Credential ids or names. */
  refs: z.array(z.string().min(1).max(1000)).min(1, 'Choose at least one credential to share').max(1000),
  to: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('contacts'), names: z.array(contactNameSchema).min(1, 'Choose at least one contact').max(100) }),
    z.strictObject({
      kind: z.literal('passphrase'),
      passphrase: z.string().min(MIN_PASSPHRASE_LENGTH, `Use a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters`).max(1024),
      /** Whom the sender means it for (names, signed into the bundle and shown to the reader). */
      intendedFor: z.array(contactNameSchema).max(100, 'Name at most 100 people').optional(),
    }),
  ]),
  expiresInSeconds: z.number().int()
    .min(MIN_EXPIRY_SECONDS, `A bundle must live at least ${MIN_EXPIRY_SECONDS} seconds`)
    .max(MAX_EXPIRY_SECONDS, 'A bundle may live at most 30 days')
    .default(DEFAULT_EXPIRY_SECONDS),
  message: z.string().max(LIMITS.text).optional(),
});
export type CreateBundleRequest = z.input<typeof createBundleRequestSchema>;

export interface OpenedBundle {
  bundleId: string;
  sender: { line: string; fingerprint: string; contactName: string | null };
  /** Identity lines it was encrypted to; empty for a passphrase bundle. */
  recipients: string[];
  /** Whom the sender meant it for, in the sender's words (empty in payload v1 and when not named). */
  intendedFor: string[];
  passphrase: boolean;
  /** The payload version it was written in. */
  payloadVersion: number;
  /** When this vault imported it already (it will not import again), or null. */
  alreadyImportedAt: string | null;
  createdAt: string;
  expiresAt: string;
  message: string | null;
  /** Values included: this object stays in the main process. */
  credentials: SharedCredential[];
}

export interface ImportOptions {
  /** Accepts a sender who is not a contact, if this matches the sender's fingerprint. */
  trustSenderFingerprint?: string;
  /** Bundle name -> name to import it under. */
  renames?: Record<string, string>;
}

function invalid(e: z.ZodError, what: string): KeyholdError {
  const i = e.issues[0];
  const where = i?.path.length ? ` (${i.path.join('.')})` : '';
  return new KeyholdError('INVALID_INPUT', `${what}${where}: ${i?.message ?? 'invalid'}`);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Refuses credentials that should not leave the vault: disabled, revoked, compromised or trashed. */
function checkShareable(meta: CredentialMeta): void {
  if (meta.trashedAt !== null) throw new KeyholdError('DISABLED', `'${meta.name}' is in the trash: restore it before sharing.`);
  if (meta.status === 'disabled' || meta.status === 'revoked') throw new KeyholdError('DISABLED', `'${meta.name}' is ${meta.status}: it cannot be shared.`);
  if (meta.status === 'compromised') throw new KeyholdError('DISABLED', `'${meta.name}' is marked compromised: rotate it before sharing.`);
}

/**
 * Builds a signed, encrypted bundle. The caller saves the bytes (then may call recordSentFile).
 * Records the share in the sender's vault and marks the credentials as shared.
 */
export async function createBundle(
  vault: VaultApi, request: CreateBundleRequest, origin: OriginInfo, env?: ShareEnv,
): Promise<{ bytes: Uint8Array; sent: SentShare }> {
  const parsed = createBundleRequestSchema.safeParse(request);
  if (!parsed.success) throw invalid(parsed.error, 'Share request');
  const req = parsed.data;

  const metas: CredentialMeta[] = [];
  for (const ref of req.refs) {
    const m = vault.get(ref);
    if (!metas.some((x) => x.id === m.id)) metas.push(m);
  }
  metas.forEach(checkShareable);
  const contacts = req.to.kind === 'contacts' ? [...new Set(req.to.names)].map((n) => getContact(vault, n)) : [];
  const me = identitySecrets(vault, env);

  const now = nowOf(env);
  const credentials: SharedCredential[] = metas.map((m) => ({
    name: m.name, value: vault.readValue(m.id, 'share', origin), service: m.service, environment: m.environment,
    keyType: m.keyType, tags: [...m.tags], notes: m.notes, scopes: [...m.scopes], allowedIps: [...m.allowedIps],
    allowedDomains: [...m.allowedDomains], expiresAt: m.expiresAt, rotationIntervalDays: m.rotationIntervalDays,
  }));
  const payload: PayloadV2 = {
    v: PAYLOAD_VERSION,
    bundleId: randomBytes(16).toString('base64url'),
    sender: me.line,
    recipients: contacts.map((c) => c.line),
    intendedFor: req.to.kind === 'contacts' ? contacts.map((c) => c.name) : [...new Set(req.to.intendedFor ?? [])],
    createdAt: iso(now),
    expiresAt: iso(now + req.expiresInSeconds * 1000),
    message: req.message ?? null,
    credentials,
  };
  const signature = signPayload(me.signSecret, me.signPublic, signedBytesOf(payload));
  const plaintext = new TextEncoder().encode(encodeEnvelope(payload, signature));
  const bytes = await ageEncrypt(plaintext, req.to.kind === 'passphrase'
    ? { kind: 'passphrase', passphrase: req.to.passphrase }
    : { kind: 'recipients', recipients: contacts.map((c) => parseIdentityLine(c.line).ageRecipient) });
  plaintext.fill(0);
  if (bytes.length > MAX_BUNDLE_BYTES) {
    throw new KeyholdError('TOO_LARGE', `The bundle would be ${bytes.length} bytes, over the ${MAX_BUNDLE_BYTES}-byte limit recipients accept: share fewer credentials at once.`);
  }

  const record: SentRecord = {
    bundleId: payload.bundleId,
    createdAt: payload.createdAt,
    expiresAt: payload.expiresAt,
    recipients: contacts.length ? contacts.map((c) => c.name) : [PASSPHRASE_RECIPIENT],
    intendedFor: req.to.kind === 'passphrase' ? payload.intendedFor : [],
    credentialNames: metas.map((m) => m.name),
    file: null,
    credentialIds: metas.map((m) => m.id),
    recipientFingerprints: contacts.map((c) => c.fingerprint),
    passphrase: req.to.kind === 'passphrase',
  };
  vault.putDoc('share.sent', record.bundleId, record);
  vault.markShared(record.credentialIds, record.createdAt);
  vault.record('share.create', origin, {
    detail: `bundle ${record.bundleId} to ${sentTo(record)}: ${metas.length} credential(s), expires ${record.expiresAt}`,
  });
  const { credentialIds: _ids, recipientFingerprints: _fps, passphrase: _p, ...rest } = record;
  return { bytes, sent: { ...rest, intendedFor: [...(record.intendedFor ?? [])] } };
}

/** Writes a refusal to the audit trail as share.refused (never the values; messages carry none). */
function recordRefusal(vault: VaultApi, origin: OriginInfo, stage: string, bundleId: string | null, e: unknown): void {
  if (!isKeyholdError(e) || e.code === 'LOCKED') return;
  try {
    const detail = `${stage}${bundleId ? ` bundle ${bundleId}` : ''}: ${e.code}: ${e.message}`.slice(0, 2000);
    vault.record('share.refused', origin, { result: 'denied', detail });
  } catch {
    // The refusal itself is what the caller needs to see.
  }
}

function checkTimes(p: { createdAt: string; expiresAt: string }, now: number): void {
  const created = Date.parse(p.createdAt);
  const expires = Date.parse(p.expiresAt);
  if (expires <= created) throw new KeyholdError('INTEGRITY', 'The bundle expires before it was created.');
  if (expires - created > MAX_EXPIRY_SECONDS * 1000) throw new KeyholdError('INTEGRITY', 'The bundle claims a lifetime over 30 days, longer than Keyhold allows.');
  if (created > now + CLOCK_SKEW_MS) {
    throw new KeyholdError('INTEGRITY', `The bundle says it was created at ${p.createdAt}, in the future: the sender's clock or this computer's clock is wrong.`);
  }
  if (now > expires + CLOCK_SKEW_MS) {
    throw new KeyholdError('EXPIRED', `This bundle expired at ${p.expiresAt}: ask the sender for a new one.`);
  }
}

/** When this vault imported the bundle, '' if it did at an unknown time, null if it did not. */
function importedAt(vault: VaultApi, bundleId: string): string | null {
  const seen = vault.getDoc<{ importedAt?: unknown }>('share.received', bundleId);
  if (seen === undefined) return null;
  return typeof seen.importedAt === 'string' && !Number.isNaN(Date.parse(seen.importedAt)) ? seen.importedAt : '';
}

function checkReplay(vault: VaultApi, bundleId: string): void {
  const at = importedAt(vault, bundleId);
  if (at !== null) {
    throw new KeyholdError('REPLAYED', `This bundle (${bundleId}) was already imported${at ? ` on ${localTime(at)}` : ''}: it is not imported twice.`);
  }
}

/**
 * Decrypts and checks a bundle without importing anything. Refusals: TOO_LARGE, WRONG_PASSWORD
 * (passphrase missing or wrong), INTEGRITY (wrong recipient, damaged, not JSON, bad format, bad
 * signature, re-encrypted, impossible times, scrypt work factor too high), UNSUPPORTED_VERSION,
 * EXPIRED. A bundle imported before still opens (alreadyImportedAt says when); importBundle refuses it.
 */
export async function openBundle(
  vault: VaultApi, bytes: Uint8Array, opts: { passphrase?: string }, origin: OriginInfo, env?: ShareEnv,
): Promise<OpenedBundle> {
  const seen: { bundleId: string | null } = { bundleId: null };
  try {
    return await openChecked(vault, bytes, opts, origin, seen, env);
  } catch (e) {
    recordRefusal(vault, origin, 'open', seen.bundleId, e);
    throw e;
  }
}

async function openChecked(
  vault: VaultApi, bytes: Uint8Array, opts: { passphrase?: string }, origin: OriginInfo, seen: { bundleId: string | null }, env?: ShareEnv,
): Promise<OpenedBundle> {
  if (bytes.length > MAX_BUNDLE_BYTES) throw new KeyholdError('TOO_LARGE', `The file is larger than ${MAX_BUNDLE_BYTES} bytes, the limit for a bundle: it was not read.`);
  const isPassphrase = inspectAge(bytes).stanzaTypes.includes('scrypt');
  const me = identitySecrets(vault, env);
  const plaintext = await ageDecrypt(bytes, { ageSecret: me.ageSecret, ...(opts.passphrase !== undefined ? { passphrase: opts.passphrase } : {}) });
  let envelope: ReturnType<typeof decodeEnvelope>;
  try {
    envelope = decodeEnvelope(plaintext);
  } finally {
    plaintext.fill(0);
  }
  const { payload, signature } = envelope;
  seen.bundleId = payload.bundleId;
  let sender: ReturnType<typeof parseIdentityLine> | null = null;
  try {
    sender = parseIdentityLine(payload.sender);
  } catch {
    // reported below
  }
  if (!sender || sender.line !== payload.sender) throw new KeyholdError('INTEGRITY', "The bundle's sender identity is malformed.");
  if (!verifyPayload(sender.signPublic, signedBytesOf(payload), signature)) {
    throw new KeyholdError('INTEGRITY', "The bundle's signature does not verify: it was altered after the sender signed it, or not signed by the identity it names.");
  }
  if (isPassphrase ? payload.recipients.length > 0 : !payload.recipients.includes(me.line)) {
    throw new KeyholdError('INTEGRITY', 'The sender signed this bundle for other recipients: someone re-encrypted it to you.');
  }
  checkTimes(payload, nowOf(env));
  const alreadyImportedAt = importedAt(vault, payload.bundleId);
  const contact = contactByLine(vault, sender.line);
  vault.record('share.open', origin, {
    detail: `bundle ${payload.bundleId} from ${contact ? contact.name : 'unknown sender'} ${sender.fingerprint}: ${payload.credentials.length} credential(s), expires ${payload.expiresAt}${alreadyImportedAt !== null ? ', imported before' : ''}`,
  });
  const { intendedFor, credentials } = readPayload(payload);
  return {
    bundleId: payload.bundleId,
    sender: { line: sender.line, fingerprint: sender.fingerprint, contactName: contact?.name ?? null },
    recipients: payload.recipients,
    intendedFor,
    passphrase: isPassphrase,
    payloadVersion: payload.v,
    alreadyImportedAt,
    createdAt: payload.createdAt,
    expiresAt: payload.expiresAt,
    message: payload.message,
    credentials,
  };
}

/** Names the credentials would get, and which of them are taken in this vault. */
export function importPlan(vault: VaultApi, opened: OpenedBundle, renames: Record<string, string> = {}): { from: string; to: string; clash: boolean }[] {
  const names = new Set(opened.credentials.map((c) => c.name));
  for (const [from, to] of Object.entries(renames)) {
    if (!names.has(from)) throw new KeyholdError('INVALID_INPUT', `Rename: '${from.slice(0, LIMITS.name)}' is not in this bundle.`);
    const r = credentialNameSchema.safeParse(to);
    if (!r.success) throw new KeyholdError('INVALID_INPUT', `Rename of '${from}': ${r.error.issues[0]?.message ?? 'invalid name'}`);
  }
  // Names are compared in Unicode NFC, as the vault does: "café" in NFD clashes with "café".
  const existing = new Set(vault.list({ scope: 'all' }).map((m) => m.name.normalize('NFC')));
  return opened.credentials.map((c) => {
    const to = renames[c.name] ?? c.name;
    return { from: c.name, to, clash: existing.has(to.normalize('NFC')) };
  });
}

/** Is the sender acceptable: a contact, this vault itself, or the fingerprint the user accepted? */
function checkTrust(vault: VaultApi, opened: OpenedBundle, accepted: string | undefined, env?: ShareEnv): void {
  if (contactByLine(vault, opened.sender.line)) return;
  if (identitySecrets(vault, env).line === opened.sender.line) return;
  const actual = fingerprintOf(opened.sender.line);
  if (accepted === undefined) {
    throw new KeyholdError('UNTRUSTED_SENDER', `The sender is not one of your contacts. Check the fingerprint ${actual} with them through another channel, then accept it to import.`);
  }
  if (normalizeFingerprint(accepted) !== actual) {
    throw new KeyholdError('UNTRUSTED_SENDER', `The fingerprint you accepted does not match the sender's (${actual}): nothing was imported.`);
  }
}

/**
 * Imports every credential of an opened bundle, or none. Refusals: UNTRUSTED_SENDER,
 * ALREADY_EXISTS (a name is taken: rename it), EXPIRED, REPLAYED, INVALID_INPUT (bad rename).
 */
export function importBundle(vault: VaultApi, opened: OpenedBundle, opts: ImportOptions, origin: OriginInfo, env?: ShareEnv): { imported: string[] } {
  try {
    return importChecked(vault, opened, opts, origin, env);
  } catch (e) {
    recordRefusal(vault, origin, 'import', opened.bundleId, e);
    throw e;
  }
}

function importChecked(vault: VaultApi, opened: OpenedBundle, opts: ImportOptions, origin: OriginInfo, env?: ShareEnv): { imported: string[] } {
  // Replay first: "already imported" is the answer, whoever the sender is.
  checkReplay(vault, opened.bundleId);
  checkTrust(vault, opened, opts.trustSenderFingerprint, env);
  checkTimes(opened, nowOf(env));
  const plan = importPlan(vault, opened, opts.renames ?? {});
  const targets = plan.map((p) => p.to);
  const canonical = targets.map((n) => n.normalize('NFC'));
  const dup = targets.find((_, i) => canonical.indexOf(canonical[i]!) !== i);
  if (dup !== undefined) throw new KeyholdError('ALREADY_EXISTS', `Two credentials would both be named '${dup}': rename one of them.`);
  const clashes = plan.filter((p) => p.clash).map((p) => p.to);
  if (clashes.length) {
    throw new KeyholdError('ALREADY_EXISTS', `This vault already has a credential named ${clashes.map((n) => `'${n}'`).join(', ')}: import ${clashes.length === 1 ? 'it' : 'them'} under another name (rename). Nothing was imported.`);
  }
  const inputs = opened.credentials.map((c, i) => {
    const { value, ...fields } = c;
    const input = credentialInputSchema.safeParse({ ...fields, name: targets[i] });
    if (!input.success) throw invalid(input.error, `Credential '${c.name}' in the bundle`);
    return { input: input.data, value };
  });
  const added: CredentialMeta[] = [];
  try {
    for (const { input, value } of inputs) added.push(vault.add(input, value, origin));
  } catch (e) {
    // All or nothing: take back what was added before the failure.
    for (const m of added) {
      vault.trash(m.id, origin);
      vault.purge(m.id, origin);
    }
    throw e;
  }
  const senderFp = fingerprintOf(opened.sender.line);
  vault.putDoc('share.received', opened.bundleId, {
    bundleId: opened.bundleId, sender: opened.sender.line, importedAt: iso(nowOf(env)), createdAt: opened.createdAt,
    expiresAt: opened.expiresAt, credentialIds: added.map((m) => m.id), names: added.map((m) => m.name),
  });
  for (const m of added) {
    vault.record('share.import', origin, { credentialId: m.id, detail: `bundle ${opened.bundleId} from ${senderFp}` });
  }
  return { imported: added.map((m) => m.name) };
}
