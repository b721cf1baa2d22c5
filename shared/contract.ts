// The IPC contract: every operation the renderer may ask of main, with a schema for its input and
// output and the error codes it can return. The preload, main's IPC adapter, the application
// service and the renderer's client all derive from this one table; nothing else crosses the bridge.
import { z } from 'zod';
import type { ErrorCode, KeyholdErrorData } from './errors.ts';
import { ERROR_CODES } from './errors.ts';
import { EVENT_CHANNEL, OP_NAMES, channelOf } from './channels.ts';
import type { OpName } from './channels.ts';
import {
  AUDIT_ACTIONS, ENVIRONMENTS, KEY_TYPES, LIMITS, ORIGIN_KINDS, STATUSES,
  credentialInputSchema, credentialPatchSchema, generatorOptionsSchema, isoDateSchema, secretValueSchema,
} from './model.ts';
import { processInfoSchema } from './model.ts';
import { CHECKLIST_STEPS, healthReportSchema } from './health.ts';
import { auditEntrySchema, credentialMetaSchema, historyEntrySchema } from './records.ts';

export { auditEntrySchema, credentialMetaSchema, historyEntrySchema };

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'Malformed id');
const password = z.string().min(1, 'Password is required').max(1024);
const empty = z.strictObject({});
const text = z.string().max(LIMITS.text);

/** Handle of a generated value kept in main (generator.draft); the value itself stays there. */
export const draftIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'Malformed draft id');

/**
 * A value for create/rotate: typed/pasted by the user, generated in main on the spot, or a draft
 * generated earlier (previewed masked, maybe revealed) and committed as is.
 */
export const valueSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('text'), value: secretValueSchema }),
  z.strictObject({ kind: z.literal('generate'), options: generatorOptionsSchema }),
  z.strictObject({ kind: z.literal('draft'), draftId: draftIdSchema }),
]);

/** What the renderer learns of a draft: never the value, only its masked preview and strength. */
export const generatorDraftSchema = z.strictObject({
  draftId: z.string(),
  /** The public prefix and a fixed mask, e.g. `sk_live_••••••••`. */
  preview: z.string(),
  /** Random characters after the prefix. */
  length: z.number().int(),
  entropyBits: z.number().int(),
  /** The draft is dropped this long after it was made (and at lock, and once saved). */
  expiresInMs: z.number().int(),
});

export const LOCK_REASONS = ['startup', 'manual', 'idle', 'screen-lock', 'suspend', 'window-hidden', 'password-changed'] as const;
export type LockReason = (typeof LOCK_REASONS)[number];

export const vaultStatusSchema = z.strictObject({
  state: z.enum(['no-vault', 'locked', 'unlocked']),
  vaultPath: z.string(),
  lockReason: z.enum(LOCK_REASONS).nullable(),
  throttle: z.strictObject({ failedAttempts: z.number().int().min(0), retryAfterMs: z.number().min(0) }),
});
export type VaultStatus = z.infer<typeof vaultStatusSchema>;

export const LIST_SCOPES = ['active', 'disabled', 'compromised', 'revoked', 'trash', 'all'] as const;
export const LIST_SORTS = ['name', 'rotated', 'expiry'] as const;
export const listQuerySchema = z.strictObject({
  /** Case-insensitive substring over name, service, tags and notes. */
  query: z.string().max(LIMITS.text).optional(),
  tag: text.optional(),
  environment: z.enum(ENVIRONMENTS).optional(),
  keyType: z.enum(KEY_TYPES).optional(),
  /** 'active' = not in trash (any status); a status name = not in trash with that status; 'trash'; 'all'. */
  scope: z.enum(LIST_SCOPES).optional(),
  sort: z.enum(LIST_SORTS).optional(),
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(20_000).optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const auditQuerySchema = z.strictObject({
  credentialId: id.optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  originKind: z.enum(ORIGIN_KINDS).optional(),
  since: isoDateSchema.optional(),
  until: isoDateSchema.optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
});

export const kdfParamsSchema = z.strictObject({
  memoryCost: z.number().int().min(8 * 1024).max(4 * 1024 * 1024),
  timeCost: z.number().int().min(1).max(20),
  parallelism: z.number().int().min(1).max(16),
});

export const settingsSchema = z.strictObject({
  /** 0 disables the idle lock. */
  autoLockMinutes: z.number().int().min(0).max(24 * 60),
  lockOnScreenLock: z.boolean(),
  lockOnSuspend: z.boolean(),
  lockOnWindowHidden: z.boolean(),
  clipboardClearSeconds: z.number().int().min(5).max(600),
  /** Mark copied secrets so clipboard history / managers skip them (where the OS allows). */
  clipboardExcludeFromHistory: z.boolean(),
  /** Automatic backups kept beside the vault (one a day at most, taken after unlock); 0 = none. */
  backupKeep: z.number().int().min(0).max(100),
  /** Serve the vault to the CLI (the agent socket) while the app is unlocked. */
  cliAccess: z.boolean(),
  /** 'ask': the first request of a process for a credential's value asks; 'allow': allowed while unlocked. */
  cliApproval: z.enum(['ask', 'allow']),
  /** Health report and reminders: "expiring soon" / "due soon" starts this many days ahead. */
  reminderLeadDays: z.number().int().min(1).max(365),
});
export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = {
  autoLockMinutes: 5, lockOnScreenLock: true, lockOnSuspend: true, lockOnWindowHidden: false,
  clipboardClearSeconds: 30, clipboardExcludeFromHistory: true, backupKeep: 7,
  cliAccess: true, cliApproval: 'ask', reminderLeadDays: 14,
};

// ---- CLI access through the agent (issue 9) ----
export const APPROVAL_DECISIONS = ['once', 'session', 'deny'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];
/** A process asks, through the agent, for a credential's value: the app asks the user. */
export const approvalRequestSchema = z.strictObject({
  id: z.string(),
  credentialId: z.string(),
  credentialName: z.string(),
  action: z.enum(['read', 'copy']),
  process: processInfoSchema,
});
export type ApprovalRequest = z.infer<typeof approvalRequestSchema>;

// ---- share bundles (issue 5) ----
export const identitySchema = z.strictObject({ line: z.string(), fingerprint: z.string() });
export const contactSchema = z.strictObject({ name: z.string(), line: z.string(), fingerprint: z.string(), addedAt: z.string() });
export const contactNameSchema = z.string().min(1).max(100).regex(/^[\w.@+-]+$/, 'Contact names use letters, digits and . _ @ + -');
export const shareCreateSchema = z.strictObject({
  credentialIds: z.array(id).min(1).max(1000),
  to: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('contacts'), names: z.array(contactNameSchema).min(1).max(100) }),
    z.strictObject({
      kind: z.literal('passphrase'), passphrase: z.string().min(8, 'Use a passphrase of at least 8 characters').max(1024),
      /** Whom it is meant for: signed into the bundle and shown to the reader. */
      intendedFor: z.array(contactNameSchema).max(100).optional(),
    }),
  ]),
  expiresInSeconds: z.number().int().min(60).max(30 * 24 * 3600),
  message: z.string().max(LIMITS.text).optional(),
});
/** A bundle to open: chosen in main's open dialog, or dropped on the window (bytes, base64, at most 1 MiB). */
export const shareSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('dialog') }),
  z.strictObject({ kind: z.literal('bytes'), base64: z.string().max(Math.ceil((1024 * 1024) / 3) * 4 + 4) }),
]);
export const sharePreviewSchema = z.strictObject({
  /** Handle for share.import; the decrypted bundle stays in main. */
  token: z.string(),
  bundleId: z.string(),
  sender: z.strictObject({ line: z.string(), fingerprint: z.string(), contactName: z.string().nullable() }),
  createdAt: z.string(),
  expiresAt: z.string(),
  message: z.string().nullable(),
  credentials: z.array(z.strictObject({ name: z.string(), service: z.string(), environment: z.enum(ENVIRONMENTS), clash: z.boolean() })),
  /** Sealed to a passphrase: not tied to its reader (the preview says so). */
  passphrase: z.boolean(),
  /** Whom the sender meant it for, in the sender's words; empty when not named. */
  intendedFor: z.array(z.string()),
  /** When this vault imported it already (it does not import twice), or null. */
  alreadyImportedAt: z.string().nullable(),
});
export const shareSentSchema = z.strictObject({
  bundleId: z.string(), createdAt: z.string(), expiresAt: z.string(), recipients: z.array(z.string()),
  /** A passphrase bundle's intended readers (--for / "Meant for"); empty otherwise. */
  intendedFor: z.array(z.string()),
  credentialNames: z.array(z.string()), file: z.string().nullable(),
});

// ---- whole-file rollback (issue 8): the app remembers the newest audit head it saw per vault ----
/** Why the protection is off: no OS keychain, or Linux's basic_text store (a key hard-coded in the program). */
export const KEYCHAIN_PROBLEMS = ['unavailable', 'basic_text'] as const;
export const rollbackWarningSchema = z.strictObject({
  /** When this app last saw the vault at its newest state (ISO time). */
  lastSeenAt: isoDateSchema,
  /** The audit trail's sequence number then, and the one the vault opened at. */
  lastSeenSeq: z.number().int().min(0),
  foundSeq: z.number().int().min(0),
  /** When the app noticed the older copy (ISO time). */
  detectedAt: isoDateSchema,
});
export type RollbackWarning = z.infer<typeof rollbackWarningSchema>;
export const rollbackStatusSchema = z.strictObject({
  protection: z.strictObject({ on: z.boolean(), reason: z.enum(KEYCHAIN_PROBLEMS).nullable() }),
  /** Set until the user acknowledges it (rollback.acknowledge). */
  warning: rollbackWarningSchema.nullable(),
});
export type RollbackStatus = z.infer<typeof rollbackStatusSchema>;

// ---- the table ----
interface OpDef<I extends z.ZodType, O extends z.ZodType> {
  input: I;
  output: O;
  /** Error codes this operation may return besides INVALID_INPUT, LOCKED and INTERNAL. */
  errors: readonly ErrorCode[];
  /** Allowed while the vault is locked (everything else fails with LOCKED). */
  whileLocked?: boolean;
}
function op<I extends z.ZodType, O extends z.ZodType>(def: OpDef<I, O>): OpDef<I, O> {
  return def;
}
const byId = z.strictObject({ id });
const meta = credentialMetaSchema;

// ---- import, backup and restore (issue 11): file contents stay in main, previews carry no value ----
export const IMPORT_FORMAT_NAMES = ['dotenv', 'kdbx', 'bitwarden', '1pux', 'csv'] as const;
export const CLASH_MODE_NAMES = ['skip', 'rename', 'fail'] as const;
const importToken = z.string().min(1).max(128);
export const importChosenSchema = z.strictObject({ token: importToken, fileName: z.string(), format: z.enum(IMPORT_FORMAT_NAMES), needsPassword: z.boolean() });
export const importRowSchema = z.strictObject({
  /** Position among the file's entries (what import.apply edits); -1 for what the file holds but cannot be imported. */
  index: z.number().int().min(-1),
  where: z.string(), name: z.string(), target: z.string(), action: z.enum(['import', 'rename', 'skip', 'reject']),
  reason: z.string().nullable(), service: z.string(), environment: z.enum(ENVIRONMENTS), tags: z.array(z.string()), clash: z.boolean(),
});
export const importPreviewSchema = z.strictObject({ rows: z.array(importRowSchema), blocked: z.boolean() });
export const importEditSchema = z.strictObject({
  index: z.number().int().min(0).max(100_000),
  include: z.boolean(),
  name: credentialInputSchema.shape.name,
  environment: z.enum(ENVIRONMENTS),
  tags: z.array(z.string().min(1).max(LIMITS.text)).max(LIMITS.listItems),
});
export const importReportSchema = z.strictObject({
  imported: z.array(z.string()),
  renamed: z.array(z.strictObject({ from: z.string(), to: z.string() })),
  skipped: z.array(z.strictObject({ name: z.string(), reason: z.string() })),
  rejected: z.array(z.strictObject({ name: z.string(), reason: z.string() })),
});
export const vaultSummarySchema = z.strictObject({ vaultId: z.string(), credentials: z.number().int(), trashed: z.number().int(), newestChange: z.string().nullable() });
export const backupStatusSchema = z.strictObject({
  keep: z.number().int(), folder: z.string(),
  backups: z.array(z.strictObject({ file: z.string(), at: z.string() })),
  /** Why the last automatic backup failed, or null. */
  lastError: z.string().nullable(),
});

export const contract = {
  'vault.status': op({ input: empty, output: vaultStatusSchema, errors: [], whileLocked: true }),
  'vault.create': op({ input: z.strictObject({ password: z.string().min(8, 'Use at least 8 characters').max(1024) }), output: vaultStatusSchema, errors: ['VAULT_EXISTS', 'IO'], whileLocked: true }),
  'vault.unlock': op({ input: z.strictObject({ password }), output: vaultStatusSchema, errors: ['WRONG_PASSWORD', 'THROTTLED', 'NO_VAULT', 'INTEGRITY', 'UNSUPPORTED_VERSION'], whileLocked: true }),
  'vault.lock': op({ input: empty, output: vaultStatusSchema, errors: [], whileLocked: true }),
  // rekey: also draw a new vault key and seal every record again (VaultApi.changePassword).
  'vault.changePassword': op({ input: z.strictObject({ oldPassword: password, newPassword: z.string().min(8, 'Use at least 8 characters').max(1024), kdf: kdfParamsSchema.optional(), rekey: z.boolean().optional() }), output: empty, errors: ['WRONG_PASSWORD', 'THROTTLED', 'IO', 'INTEGRITY'] }),
  'vault.kdf': op({ input: empty, output: kdfParamsSchema, errors: [] }),
  'vault.verify': op({ input: empty, output: z.strictObject({ ok: z.boolean(), recordsChecked: z.number(), failures: z.array(z.strictObject({ id: z.string(), kind: z.string(), reason: z.string() })), audit: z.strictObject({ ok: z.boolean(), entries: z.number(), problems: z.array(z.string()) }) }), errors: [] }),

  'credentials.list': op({ input: listQuerySchema, output: z.strictObject({ total: z.number().int(), items: z.array(meta) }), errors: [] }),
  'credentials.get': op({ input: byId, output: meta, errors: ['NOT_FOUND', 'INTEGRITY'] }),
  'credentials.create': op({ input: z.strictObject({ fields: credentialInputSchema, value: valueSourceSchema }), output: meta, errors: ['ALREADY_EXISTS', 'IO', 'NOT_FOUND', 'EXPIRED'] }),
  'credentials.edit': op({ input: z.strictObject({ id, patch: credentialPatchSchema }), output: meta, errors: ['NOT_FOUND', 'ALREADY_EXISTS', 'IO'] }),
  'credentials.rotate': op({ input: z.strictObject({ id, value: valueSourceSchema, reason: z.string().max(LIMITS.text) }), output: meta, errors: ['NOT_FOUND', 'IO', 'EXPIRED'] }),
  'credentials.setStatus': op({ input: z.strictObject({ id, status: z.enum(STATUSES) }), output: meta, errors: ['NOT_FOUND', 'IO'] }),
  'credentials.trash': op({ input: byId, output: meta, errors: ['NOT_FOUND', 'IO'] }),
  'credentials.restore': op({ input: z.strictObject({ id, newName: credentialInputSchema.shape.name.optional() }), output: meta, errors: ['NOT_FOUND', 'ALREADY_EXISTS', 'IO'] }),
  'credentials.purge': op({ input: byId, output: empty, errors: ['NOT_FOUND', 'IO'] }),
  /** Explicit, audited: returns the value for display only; the renderer hides it again after hideAfterMs. */
  'credentials.reveal': op({ input: byId, output: z.strictObject({ value: z.string(), hideAfterMs: z.number().int() }), errors: ['NOT_FOUND', 'INTEGRITY'] }),
  /** The value goes to the clipboard in main; it never enters the renderer. */
  'credentials.copy': op({ input: byId, output: z.strictObject({ clearsInMs: z.number().int() }), errors: ['NOT_FOUND', 'DISABLED', 'INTEGRITY'] }),
  'credentials.history': op({ input: byId, output: z.array(historyEntrySchema), errors: ['NOT_FOUND', 'INTEGRITY'] }),

  'tags.list': op({ input: empty, output: z.array(z.strictObject({ tag: z.string(), count: z.number().int() })), errors: [] }),
  /** Renaming onto an existing tag merges the two. */
  'tags.rename': op({ input: z.strictObject({ from: text.min(1), to: text.min(1) }), output: z.strictObject({ changed: z.number().int() }), errors: ['NOT_FOUND', 'IO'] }),

  'audit.list': op({ input: auditQuerySchema, output: z.strictObject({ entries: z.array(auditEntrySchema), verified: z.strictObject({ ok: z.boolean(), problems: z.array(z.string()) }) }), errors: [] }),

  'settings.get': op({ input: empty, output: settingsSchema, errors: [] }),
  'settings.set': op({ input: settingsSchema.partial().strict(), output: settingsSchema, errors: ['IO'] }),

  'identity.get': op({ input: empty, output: identitySchema, errors: [] }),
  'contacts.list': op({ input: empty, output: z.array(contactSchema), errors: [] }),
  'contacts.add': op({ input: z.strictObject({ name: contactNameSchema, line: z.string().min(1).max(4096) }), output: contactSchema, errors: ['ALREADY_EXISTS'] }),
  'contacts.remove': op({ input: z.strictObject({ name: contactNameSchema }), output: empty, errors: ['NOT_FOUND'] }),
  /** Builds the bundle and saves it through main's save dialog. */
  'share.create': op({ input: shareCreateSchema, output: shareSentSchema, errors: ['NOT_FOUND', 'DISABLED', 'CANCELLED', 'IO'] }),
  'share.preview': op({ input: z.strictObject({ source: shareSourceSchema, passphrase: z.string().max(1024).optional() }), output: sharePreviewSchema, errors: ['CANCELLED', 'TOO_LARGE', 'WRONG_PASSWORD', 'INTEGRITY', 'EXPIRED', 'REPLAYED', 'UNSUPPORTED_VERSION', 'IO'] }),
  'share.import': op({ input: z.strictObject({ token: z.string().max(128), trustSender: z.boolean().optional(), renames: z.record(z.string().max(LIMITS.name), credentialInputSchema.shape.name).refine((r) => Object.keys(r).length <= 1000, 'At most 1000 renames').optional() }), output: z.strictObject({ imported: z.array(z.string()) }), errors: ['NOT_FOUND', 'UNTRUSTED_SENDER', 'ALREADY_EXISTS', 'EXPIRED', 'REPLAYED'] }),
  'share.listSent': op({ input: empty, output: z.array(shareSentSchema), errors: [] }),

  /** Opens main's file dialog; the file is read (size-checked) and kept in main. */
  'import.choose': op({ input: empty, output: importChosenSchema, errors: ['CANCELLED', 'TOO_LARGE', 'INVALID_INPUT', 'NOT_FOUND', 'IO'] }),
  'import.preview': op({
    input: z.strictObject({ token: importToken, onClash: z.enum(CLASH_MODE_NAMES), password: password.optional(), prefix: z.string().max(100).optional(), csvMap: z.string().max(1000).optional() }),
    output: importPreviewSchema, errors: ['NOT_FOUND', 'WRONG_PASSWORD', 'INVALID_INPUT', 'UNSUPPORTED_VERSION', 'TOO_LARGE', 'LOCKED'],
  }),
  /**
   * A file dropped on the window: the preload turns the page's File into its path
   * (webUtils.getPathForFile) and sends only that; main then reads it like import.choose.
   * '' means the item is not a file on disk. The page cannot name a path itself (see KeyholdBridge).
   */
  'import.drop': op({ input: z.strictObject({ path: z.string().max(4096) }), output: importChosenSchema, errors: ['TOO_LARGE', 'INVALID_INPUT', 'NOT_FOUND', 'IO'] }),
  /** Imports the previewed entries with the user's edits, in one transaction. */
  'import.apply': op({
    input: z.strictObject({ token: importToken, onClash: z.enum(CLASH_MODE_NAMES), rows: z.array(importEditSchema).max(100_000) }),
    output: importReportSchema, errors: ['NOT_FOUND', 'ALREADY_EXISTS', 'INVALID_INPUT', 'IO'],
  }),
  'backup.status': op({ input: empty, output: backupStatusSchema, errors: [] }),
  /** A verified backup where main's save dialog says. */
  'backup.now': op({ input: empty, output: z.strictObject({ file: z.string(), credentials: z.number().int(), trashed: z.number().int() }), errors: ['CANCELLED', 'IO', 'ALREADY_EXISTS', 'INTEGRITY'] }),
  /** Opens a backup through main's dialog and checks it completely on a copy; nothing is replaced yet. */
  'restore.preview': op({
    input: z.strictObject({ password }),
    output: z.strictObject({ token: importToken, file: z.string(), backup: vaultSummarySchema, current: vaultSummarySchema }),
    errors: ['CANCELLED', 'WRONG_PASSWORD', 'INTEGRITY', 'NOT_FOUND', 'IO'],
  }),
  /** Replaces the vault with the checked backup; the vault is then locked. */
  'restore.apply': op({ input: z.strictObject({ token: importToken }), output: z.strictObject({ replacedKeptAt: z.string().nullable(), status: vaultStatusSchema }), errors: ['NOT_FOUND', 'IO'] }),
  /** The user's answer to an `agent.approval` event. */
  'agent.approve': op({ input: z.strictObject({ id: z.string().min(1).max(64), decision: z.enum(APPROVAL_DECISIONS) }), output: empty, errors: ['NOT_FOUND'] }),

  /** The health report (issue 12): findings by severity; no values, duplicates by keyed hash. */
  'health.report': op({ input: empty, output: healthReportSchema, errors: ['INTEGRITY'] }),
  /** Ticks or unticks one step of a compromised credential's incident checklist; returns the new report. */
  /** A leak scan from the desktop: the home folder's usual places, or a folder chosen in main's dialog. Findings feed health.report. */
  'scan.run': op({ input: z.strictObject({ target: z.enum(['home', 'folder']) }), output: z.strictObject({ files: z.number().int(), bytes: z.number(), hits: z.number().int(), unknownKeys: z.number().int(), folder: z.string().nullable() }), errors: ['CANCELLED', 'IO'] }),
  'health.tick': op({ input: z.strictObject({ id, step: z.enum(CHECKLIST_STEPS), done: z.boolean() }), output: healthReportSchema, errors: ['NOT_FOUND', 'INTEGRITY'] }),
  /** Credential records that cannot be read (VaultApi.damaged): their ids and what is wrong, never a name. */
  'credentials.damaged': op({ input: empty, output: z.array(z.strictObject({ id: z.string(), reason: z.string() })), errors: [] }),
  /** Whether rollback protection is on, and the warning of a vault that opened older than last seen. */
  'rollback.status': op({ input: empty, output: rollbackStatusSchema, errors: [] }),
  /** The user read the warning: the vault as it is now becomes the newest state remembered. */
  'rollback.acknowledge': op({ input: empty, output: rollbackStatusSchema, errors: ['INTEGRITY'] }),

  /**
   * A generated value kept in main for the unlocked session (single-use, time-limited, dropped at
   * lock): the dialog shows its masked preview; `replaces` is the draft that Regenerate supersedes.
   * Save it with credentials.create/rotate `{ kind: 'draft', draftId }`.
   */
  'generator.draft': op({ input: z.strictObject({ options: generatorOptionsSchema, replaces: draftIdSchema.optional() }), output: generatorDraftSchema, errors: [] }),
  /** The draft's value, only when the user presses Reveal; hidden again after hideAfterMs, like credentials.reveal. */
  'generator.reveal': op({ input: z.strictObject({ draftId: draftIdSchema }), output: z.strictObject({ value: z.string(), hideAfterMs: z.number().int() }), errors: ['NOT_FOUND', 'EXPIRED'] }),
  /** The dialog closed unsaved: drop its draft now (an unknown or used id is fine). */
  'generator.discard': op({ input: z.strictObject({ draftId: draftIdSchema }), output: empty, errors: [] }),
} as const;

export type Contract = typeof contract;
export { OP_NAMES, channelOf, EVENT_CHANNEL };
export type { OpName };
// Compile-time proof that channels.ts lists exactly the operations of the table.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatchTable: SameKeys<OpName, keyof Contract> = true;
void namesMatchTable;
export type OpInput<K extends OpName> = z.input<Contract[K]['input']>;
export type OpOutput<K extends OpName> = z.output<Contract[K]['output']>;

/** What every bridge call resolves to: errors travel as data, because IPC loses error classes. */
export type OpResult<T> = { ok: true; value: T } | { ok: false; error: KeyholdErrorData };
export const errorDataSchema = z.strictObject({
  code: z.enum(ERROR_CODES), message: z.string(), retryAfterMs: z.number().optional(), ids: z.array(z.string()).optional(),
});


export const appEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('locked'), reason: z.enum(LOCK_REASONS) }),
  z.strictObject({ type: z.literal('unlocked') }),
  z.strictObject({ type: z.literal('clipboard.cleared') }),
  z.strictObject({ type: z.literal('settings.changed'), settings: settingsSchema }),
  z.strictObject({ type: z.literal('vault.changed') }),
  z.strictObject({ type: z.literal('agent.approval'), request: approvalRequestSchema }),
  /** The request was answered, timed out or dropped (lock): its dialog closes. */
  z.strictObject({ type: z.literal('agent.approval.closed'), id: z.string() }),
  /** The vault opened (or changed) at an older audit head than this app last saw. */
  z.strictObject({ type: z.literal('rollback.warning'), warning: rollbackWarningSchema }),
]);
export type AppEvent = z.infer<typeof appEventSchema>;

/** Operations the page calls with their contract input; import.drop instead takes a File (below). */
export type PageOpName = Exclude<OpName, 'import.drop'>;

/** The object the preload exposes as `window.keyhold`: one function per operation, plus events. */
export type KeyholdBridge = {
  [K in PageOpName]: (input: OpInput<K>) => Promise<OpResult<OpOutput<K>>>;
} & {
  /** Takes the dropped File itself; only the preload learns its path (the page never sees one). */
  'import.drop': (file: File) => Promise<OpResult<OpOutput<'import.drop'>>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
};
