// The agent protocol: every request a client may send and every answer the agent gives, with
// their schemas, in this one module (like shared/contract.ts for IPC). Both ends validate.
//
// Framing: each message is a 4-byte big-endian length, then that many bytes of UTF-8 JSON. One
// connection carries one `hello` and then any number of requests, each answered before the next.
// The vault's own operations travel as `call`: the name of a VaultApi method and its arguments,
// so every CLI command (including ones added later) works through the agent unchanged. Origins
// are never taken from the client: the agent puts its own, with the process it identified.
// Framing, limits and the answers every client reads (hello, status, errors) are declared in
// wire.ts with valibot and re-exported here: the fast `get` loads those alone (see wire.ts).
import { DOC_KINDS } from '../vault/api.ts';
import { z } from 'zod';
import {
  AUDIT_ACTIONS, ORIGIN_KINDS, STATUSES, credentialInputSchema, credentialPatchSchema, generatorRecipeSchema, secretValueSchema,
} from '../../shared/model.ts';
import { auditEntrySchema, credentialMetaSchema, historyEntrySchema } from '../../shared/records.ts';
import { agentStatusSchema, copyResultSchema, helloResultSchema } from './wire.ts';

export * from './wire.ts';

const ref = z.string().min(1).max(256);
const command = z.string().min(1).max(200);
/** The origin a client passes inside `args` is a placeholder: the agent replaces it. */
const originSlot = z.unknown();
const docKind = z.enum(DOC_KINDS);
const docId = z.string().min(1).max(256);
const meta = credentialMetaSchema;
const verifyReport = z.strictObject({
  ok: z.boolean(),
  recordsChecked: z.number().int(),
  failures: z.array(z.strictObject({ id: z.string(), kind: z.string(), reason: z.string() })),
  audit: z.strictObject({ ok: z.boolean(), entries: z.number().int(), problems: z.array(z.string()) }),
});
const auditFilter = z.strictObject({
  credentialId: z.string().max(256).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  originKind: z.enum(ORIGIN_KINDS).optional(),
  since: z.string().max(64).optional(),
  until: z.string().max(64).optional(),
  limit: z.number().int().min(1).optional(),
});

/**
 * A table whose entries are built when first read: a CLI command talking to the agent uses two or
 * three methods, and building every method's schemas up front would cost it milliseconds.
 */
function builtOnFirstUse<T extends Record<string, () => object>>(builders: T): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const table = {} as { [K in keyof T]: ReturnType<T[K]> };
  for (const key of Object.keys(builders) as (keyof T & string)[]) {
    let built: ReturnType<T[typeof key]> | undefined;
    Object.defineProperty(table, key, { enumerable: true, get: () => (built ??= builders[key]!() as ReturnType<T[typeof key]>) });
  }
  return Object.freeze(table);
}

function method<A extends z.ZodTuple, R extends z.ZodType>(args: A, result: R, opts: { originAt?: number; readsValue?: boolean; changes?: boolean } = {}) {
  return { args, result, ...opts };
}

/**
 * The VaultApi methods a client may call through the agent. Missing on purpose: unlock, lock and
 * close (the agent's own requests do that) and changePassword (it needs the password anyway), and
 * deferAudit/commitDeferred (the agent commits each request's audit entry with the request).
 * `originAt`: the argument the agent fills in. `readsValue`: returns a secret (asks for approval
 * in the desktop app). `changes`: writes to the vault.
 */
export const VAULT_METHODS = builtOnFirstUse({
  isUnlocked: () => method(z.tuple([]), z.boolean()),
  hasExternalChanges: () => method(z.tuple([]), z.boolean()),
  throttleStatus: () => method(z.tuple([]), z.strictObject({ failedAttempts: z.number().int(), retryAfterMs: z.number() })),
  kdfParams: () => method(z.tuple([]), z.strictObject({ memoryCost: z.number().int(), timeCost: z.number().int(), parallelism: z.number().int() })),
  list: () => method(z.tuple([z.strictObject({ scope: z.enum(['active', 'trash', 'all']).optional() }).optional()]), z.array(meta)),
  get: () => method(z.tuple([ref]), meta),
  add: () => method(z.tuple([credentialInputSchema, secretValueSchema, originSlot]), meta, { originAt: 2, changes: true }),
  edit: () => method(z.tuple([ref, credentialPatchSchema, originSlot]), meta, { originAt: 2, changes: true }),
  readValue: () => method(z.tuple([ref, z.enum(['reveal', 'get', 'copy', 'run', 'share']), originSlot]), z.string(), { originAt: 2, readsValue: true }),
  // Every stored value at once, for `keyhold scan` and `keyhold health` (audited once by the vault).
  readAllValues: () => method(
    z.tuple([z.enum(['scan', 'health']), originSlot]),
    z.array(z.strictObject({
      credentialId: z.string(),
      name: z.string(),
      versions: z.array(z.strictObject({ valueVersion: z.number().int(), current: z.boolean(), value: z.string() })),
    })),
    { originAt: 1, readsValue: true },
  ),
  rotate: () => method(z.tuple([ref, secretValueSchema, z.string().max(1000), originSlot, generatorRecipeSchema.nullable().optional()]), meta, { originAt: 3, changes: true }),
  history: () => method(z.tuple([ref]), z.array(historyEntrySchema)),
  readHistoryValue: () => method(z.tuple([ref, z.number().int().min(1), originSlot]), z.string(), { originAt: 2, readsValue: true }),
  setStatus: () => method(z.tuple([ref, z.enum(STATUSES), originSlot]), meta, { originAt: 2, changes: true }),
  trash: () => method(z.tuple([ref, originSlot]), meta, { originAt: 1, changes: true }),
  restore: () => method(z.tuple([ref, originSlot, z.string().max(256).optional()]), meta, { originAt: 1, changes: true }),
  purge: () => method(z.tuple([ref, originSlot]), z.undefined(), { originAt: 1, changes: true }),
  markShared: () => method(z.tuple([z.array(ref).max(100_000), z.string().max(64)]), z.undefined(), { changes: true }),
  tags: () => method(z.tuple([]), z.array(z.strictObject({ tag: z.string(), count: z.number().int() }))),
  renameTag: () => method(z.tuple([z.string().max(1000), z.string().max(1000), originSlot]), z.number().int(), { originAt: 2, changes: true }),
  record: () => method(
    z.tuple([z.enum(AUDIT_ACTIONS), originSlot, z.strictObject({ credentialId: z.string().max(256).nullable().optional(), result: z.enum(['ok', 'denied', 'failed']).optional(), detail: z.string().max(2000).optional() }).optional()]),
    z.undefined(),
    { originAt: 1, changes: true },
  ),
  audit: () => method(z.tuple([auditFilter.optional()]), z.array(auditEntrySchema)),
  verify: () => method(z.tuple([]), verifyReport),
  verifyAudit: () => method(z.tuple([]), verifyReport.shape.audit),
  damaged: () => method(z.tuple([]), z.array(z.strictObject({ id: z.string(), reason: z.string() }))),
  putDoc: () => method(z.tuple([docKind, docId, z.unknown()]), z.undefined(), { changes: true }),
  getDoc: () => method(z.tuple([docKind, docId]), z.unknown()),
  listDocs: () => method(z.tuple([docKind]), z.array(z.strictObject({ id: z.string(), doc: z.unknown() }))),
  deleteDoc: () => method(z.tuple([docKind, docId]), z.boolean(), { changes: true }),
});
export type VaultMethod = keyof typeof VAULT_METHODS;
export const VAULT_METHOD_NAMES = Object.keys(VAULT_METHODS) as [VaultMethod, ...VaultMethod[]];

/** What the client says about itself in `hello`. The agent checks it against the OS (peer.ts). */
export const clientInfoSchema = z.strictObject({
  pid: z.number().int().min(1),
  /** Inode of the client's end of this connection (fstat of its socket), when it knows it. */
  socketInode: z.number().int().min(0).optional(),
});

export const requestSchema = z.discriminatedUnion('type', [
  /** First message: proves the same user (the token file is readable only by them) and says who asks. */
  z.strictObject({ type: z.literal('hello'), version: z.number().int(), token: z.string().regex(/^[0-9a-f]{64}$/), client: clientInfoSchema }),
  z.strictObject({ type: z.literal('status') }),
  /** Locks the vault (the CLI-only agent then exits; the desktop app locks too). */
  z.strictObject({ type: z.literal('lock'), command }),
  z.strictObject({ type: z.literal('call'), method: z.enum(VAULT_METHOD_NAMES), args: z.array(z.unknown()).max(8), command }),
  /** `get --copy` through the desktop app's clipboard guard: the value never leaves the app. */
  z.strictObject({ type: z.literal('copy'), ref, command }),
]);
export type AgentRequest = z.infer<typeof requestSchema>;

/** The result schema of each request type (`call` results come from VAULT_METHODS). */
export const RESULT_SCHEMAS = {
  hello: helloResultSchema,
  status: agentStatusSchema,
  lock: z.strictObject({}),
  copy: copyResultSchema,
} as const;
