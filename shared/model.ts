// The credential model, as both sides see it. Secret values never appear in these types except
// where a field is named `value` on purpose (reveal, history reveal, share payloads).
import { z } from 'zod';
import { installPlainZodMessages } from './zod-words.ts';

// Validation messages in plain words for every layer (everything imports this module).
installPlainZodMessages();

export const ENVIRONMENTS = ['dev', 'staging', 'prod', 'other'] as const;
export const KEY_TYPES = ['public', 'private', 'partner', 'temporary'] as const;
export const STATUSES = ['active', 'disabled', 'compromised', 'revoked'] as const;
export const ORIGIN_KINDS = ['desktop', 'cli', 'agent'] as const;

export type Environment = (typeof ENVIRONMENTS)[number];
export type KeyType = (typeof KEY_TYPES)[number];
export type CredentialStatus = (typeof STATUSES)[number];

/** Limits on what a user may type; checked by the vault core and by the IPC schemas. */
export const LIMITS = {
  name: 200,
  value: 64 * 1024,
  text: 1000, // service, tag, scope, ip, domain, reason
  notes: 20_000,
  listItems: 100,
} as const;

const text = z.string().max(LIMITS.text);
const list = z.array(z.string().min(1).max(LIMITS.text)).max(LIMITS.listItems);
/** Names like `stripe/prod`: printable, no leading/trailing space, no control characters. */
export const credentialNameSchema = z
  .string()
  .min(1, 'Name is required')
  .max(LIMITS.name)
  .regex(/^[^\s\p{Cc}](?:[^\p{Cc}]*[^\s\p{Cc}])?$/u, 'Name has leading/trailing spaces or control characters');
export const isoDateSchema = z.iso.datetime({ offset: true });

/** Everything a user can set on a credential besides its value. */
export const credentialFieldsSchema = z.strictObject({
  name: credentialNameSchema,
  service: text,
  environment: z.enum(ENVIRONMENTS),
  keyType: z.enum(KEY_TYPES),
  tags: list,
  notes: z.string().max(LIMITS.notes),
  scopes: list,
  allowedIps: list,
  allowedDomains: list,
  expiresAt: isoDateSchema.nullable(),
  rotationIntervalDays: z.number().int().min(1).max(3650).nullable(),
  /** How the value was generated, so `rotate --generate` makes the next one alike; null when typed. */
  generator: z.lazy(() => generatorRecipeSchema).nullable().optional(),
});
export type CredentialFields = z.infer<typeof credentialFieldsSchema>;

/** Fields for a new credential: only the name is required, the rest have defaults. */
export const credentialInputSchema = credentialFieldsSchema.partial().required({ name: true });
export type CredentialInput = z.infer<typeof credentialInputSchema>;
export const credentialPatchSchema = credentialFieldsSchema.partial();
export type CredentialPatch = z.infer<typeof credentialPatchSchema>;

/** A UTF-16 surrogate without its pair: such a string has no UTF-8 form and would be stored changed. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const secretValueSchema = z
  .string()
  .min(1, 'Value is empty')
  .max(LIMITS.value)
  .refine((s) => !LONE_SURROGATE.test(s), 'Value is not valid Unicode text (it holds a lone surrogate) and would not be stored exactly');

/** Metadata of one credential: never its value. */
export interface CredentialMeta extends CredentialFields {
  id: string;
  status: CredentialStatus;
  createdAt: string;
  updatedAt: string;
  /** When the current value was set (creation or last rotation). */
  valueUpdatedAt: string;
  /** Number of the current value: 1 at creation, +1 per rotation. */
  valueVersion: number;
  /** Set while the credential is in the trash. */
  trashedAt: string | null;
  /** Set when the credential was last included in a share bundle. */
  lastSharedAt: string | null;
}

export interface HistoryEntry {
  /** Version number of this (previous) value. */
  valueVersion: number;
  createdAt: string;
  replacedAt: string;
  reason: string;
}

export interface OriginInfo {
  kind: (typeof ORIGIN_KINDS)[number];
  /** The command or operation that asked, e.g. `get`, `rotate`, `copy`. */
  command?: string;
  /** For requests through the agent: the asking process as the OS reports it. */
  process?: ProcessInfo;
}

export const AUDIT_ACTIONS = [
  'vault.create', 'unlock', 'unlock.failed', 'lock', 'password.change', 'settings.change',
  'create', 'edit', 'reveal', 'get', 'copy', 'run', 'rotate', 'history.reveal',
  'disable', 'enable', 'compromised', 'revoke', 'trash', 'restore', 'purge', 'tag.rename',
  'share.create', 'share.open', 'share.import', 'share.refused', 'contact.add', 'contact.remove',
  'identity.export', 'import', 'export',
  'vault.upgrade',
  'scan', 'health.check', 'checklist.tick',
  'rollback.acknowledge',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditResult = 'ok' | 'denied' | 'failed';

export interface AuditEntry {
  seq: number;
  time: string;
  action: AuditAction;
  credentialId: string | null;
  /** Name of the credential at the time of the event (sealed like everything else). */
  credentialName: string | null;
  origin: OriginInfo;
  result: AuditResult;
  /** Free text without values: reason, error code, bundle id, ... */
  detail?: string;
}

export interface AuditFilter {
  credentialId?: string;
  action?: AuditAction;
  originKind?: OriginInfo['kind'];
  since?: string;
  until?: string;
  limit?: number;
}

export interface KdfParams {
  /** Memory in KiB. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export const DEFAULT_KDF: KdfParams = { memoryCost: 64 * 1024, timeCost: 3, parallelism: 4 };

export interface VerifyReport {
  ok: boolean;
  recordsChecked: number;
  /** Every record that failed authentication, by id. */
  failures: { id: string; kind: string; reason: string }[];
  audit: { ok: boolean; entries: number; problems: string[] };
}

export const GENERATOR_ALPHABETS = ['hex', 'base64url', 'alphanumeric', 'symbols'] as const;
export type GeneratorAlphabet = (typeof GENERATOR_ALPHABETS)[number];
export const generatorOptionsSchema = z.strictObject({
  length: z.number().int().min(8).max(1024),
  alphabet: z.enum(GENERATOR_ALPHABETS),
  prefix: z.string().max(64).regex(/^[\x21-\x7e]*$/, 'Prefix must be printable ASCII without spaces').default(''),
});
export type GeneratorOptions = z.input<typeof generatorOptionsSchema>;
/** The generator settings kept with a credential (CredentialFields.generator). */
export const generatorRecipeSchema = z.strictObject({
  length: generatorOptionsSchema.shape.length,
  alphabet: generatorOptionsSchema.shape.alphabet,
  prefix: z.string().max(64).regex(/^[\x21-\x7e]*$/, 'Prefix must be printable ASCII without spaces'),
});
export type GeneratorRecipe = z.infer<typeof generatorRecipeSchema>;

/**
 * OWASP's minimum for Argon2id (19 MiB, 2 passes). New vaults and password changes below it are
 * refused unless the caller opts in explicitly (tests, `keyhold init --insecure-kdf`); existing
 * vaults below it still open, with a warning.
 */
export const MIN_KDF = { memoryCost: 19 * 1024, timeCost: 2 } as const;

export function isWeakKdf(kdf: KdfParams): boolean {
  return kdf.memoryCost < MIN_KDF.memoryCost || kdf.timeCost < MIN_KDF.timeCost;
}

// ---- the asking process, for requests through the agent (issue 9) ----
const processText = z.string().max(1000);
/** A process as the OS reports it (Linux: /proc/PID); strings are cut to 1000 characters. */
export const processSummarySchema = z.strictObject({
  pid: z.number().int().min(1),
  /** Resolved executable path ('' when the OS does not say). */
  exe: processText,
  /** Command line, arguments joined by spaces. */
  command: processText,
});
export const processInfoSchema = processSummarySchema.extend({
  cwd: processText,
  parent: processSummarySchema.nullable(),
});
export type ProcessSummary = z.infer<typeof processSummarySchema>;
export type ProcessInfo = z.infer<typeof processInfoSchema>;
