// Records as they leave the vault: a credential's metadata, a value version and an audit entry.
// Both the IPC contract (shared/contract.ts) and the agent protocol (electron/agent/protocol.ts)
// check them. They live apart from the contract so that a CLI command talking to the agent builds
// these three schemas, not the whole IPC contract's.
import { z } from 'zod';
import { AUDIT_ACTIONS, ENVIRONMENTS, KEY_TYPES, ORIGIN_KINDS, STATUSES, generatorRecipeSchema, processInfoSchema } from './model.ts';

const fieldsOut = {
  name: z.string(), service: z.string(), environment: z.enum(ENVIRONMENTS), keyType: z.enum(KEY_TYPES),
  tags: z.array(z.string()), notes: z.string(), scopes: z.array(z.string()), allowedIps: z.array(z.string()),
  allowedDomains: z.array(z.string()), expiresAt: z.string().nullable(), rotationIntervalDays: z.number().nullable(),
  generator: generatorRecipeSchema.nullable().optional(),
};
const stateOut = {
  id: z.string(), status: z.enum(STATUSES), createdAt: z.string(), updatedAt: z.string(), valueUpdatedAt: z.string(),
  valueVersion: z.number().int(), trashedAt: z.string().nullable(), lastSharedAt: z.string().nullable(),
};
/** Full metadata of one credential. Strict: a `value` key would fail validation. */
export const credentialMetaSchema = z.strictObject({ ...fieldsOut, ...stateOut });

export const historyEntrySchema = z.strictObject({
  valueVersion: z.number().int(), createdAt: z.string(), replacedAt: z.string(), reason: z.string(),
});
export const auditEntrySchema = z.strictObject({
  seq: z.number().int(), time: z.string(), action: z.enum(AUDIT_ACTIONS), credentialId: z.string().nullable(),
  credentialName: z.string().nullable(),
  origin: z.strictObject({ kind: z.enum(ORIGIN_KINDS), command: z.string().optional(), process: processInfoSchema.optional() }),
  result: z.enum(['ok', 'denied', 'failed']), detail: z.string().optional(),
});
