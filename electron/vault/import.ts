// Bulk import: many credentials, each possibly with previous values, in ONE write transaction,
// so a failure at any entry (a name taken meanwhile, a full disk) leaves the vault as it was.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ImportItem } from './api.ts';
import {
  LIMITS, credentialInputSchema, isoDateSchema, secretValueSchema, type CredentialMeta, type OriginInfo,
} from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { parseInput } from './validate.ts';
import { nowIso, type VaultContext } from './context.ts';
import { writeTransaction } from './transaction.ts';
import { cloneMeta, dedupe, loadSecret, saveMeta, saveSecret, type SecretRecord } from './credential-records.ts';
import { logAction } from './audit-log.ts';
import { acceptName } from './names.ts';

/** At most this many credentials per import: one transaction must stay a sane size. */
export const MAX_IMPORT_ITEMS = 50_000;
const MAX_HISTORY = 100;

const previousSchema = z.strictObject({ value: secretValueSchema, createdAt: isoDateSchema, replacedAt: isoDateSchema });
const itemSchema = z.strictObject({
  input: credentialInputSchema,
  value: secretValueSchema,
  history: z.array(previousSchema).max(MAX_HISTORY).optional(),
  createdAt: isoDateSchema.optional(),
  valueUpdatedAt: isoDateSchema.optional(),
});
const sourceSchema = z.string().min(1).max(LIMITS.text);

/**
 * Adds every item or none. Each credential gets a `create` audit entry (verify relies on it to
 * know which credentials must exist) naming the source, and the import one summary entry.
 */
export function importCredentials(ctx: VaultContext, items: ImportItem[], source: string, origin: OriginInfo): CredentialMeta[] {
  if (!Array.isArray(items)) throw new KeyholdError('INVALID_INPUT', 'Invalid import: expected a list of credentials');
  if (items.length > MAX_IMPORT_ITEMS) throw new KeyholdError('TOO_LARGE', `An import holds at most ${MAX_IMPORT_ITEMS} credentials; this one has ${items.length}.`);
  const what = parseInput(sourceSchema, source, 'import source');
  const parsed = items.map((item, i) => parseInput(itemSchema, item, `credential ${i + 1} of the import`));
  return writeTransaction(ctx, () => {
    const now = nowIso(ctx);
    const added: CredentialMeta[] = [];
    for (const { input, value, history = [], createdAt, valueUpdatedAt } of parsed) {
      const name = acceptName(input.name);
      ctx.index.assertNameFree(ctx, name, null);
      const previous = [...history]
        .sort((a, b) => Date.parse(a.replacedAt) - Date.parse(b.replacedAt))
        .map((h, i) => ({ value: h.value, createdAt: h.createdAt, valueVersion: i + 1, replacedAt: h.replacedAt, reason: `imported from ${what}` }));
      const currentSince = valueUpdatedAt ?? now;
      const secret: SecretRecord = { current: { value, createdAt: currentSince, valueVersion: previous.length + 1 }, previous };
      const meta: CredentialMeta = {
        id: randomUUID(),
        name,
        service: input.service ?? '',
        environment: input.environment ?? 'other',
        keyType: input.keyType ?? 'private',
        tags: dedupe(input.tags ?? []),
        notes: input.notes ?? '',
        scopes: dedupe(input.scopes ?? []),
        allowedIps: dedupe(input.allowedIps ?? []),
        allowedDomains: dedupe(input.allowedDomains ?? []),
        expiresAt: input.expiresAt ?? null,
        rotationIntervalDays: input.rotationIntervalDays ?? null,
        status: 'active',
        createdAt: createdAt ?? now,
        updatedAt: now,
        valueUpdatedAt: currentSince,
        valueVersion: secret.current.valueVersion,
        trashedAt: null,
        lastSharedAt: null,
      };
      saveMeta(ctx, meta);
      saveSecret(ctx, meta.id, secret);
      logAction(ctx, 'create', origin, { cred: meta, detail: `imported from ${what}` });
      added.push(cloneMeta(meta));
    }
    logAction(ctx, 'import', origin, { detail: `${added.length} credential${added.length === 1 ? '' : 's'} from ${what}` });
    return added;
  });
}

/** One credential's current and previous values, for an export. */
export interface ExportedValues {
  id: string;
  value: string;
  previous: { value: string; createdAt: string; replacedAt: string }[];
}

/**
 * Reads the values of the given credentials in one transaction, for an export that takes the
 * whole vault out (disabled and expired ones too: leaving must not lose anything). Each read
 * is audited as `export` with `detail`.
 */
export function exportValues(ctx: VaultContext, refs: string[], detail: string, origin: OriginInfo): ExportedValues[] {
  const what = parseInput(sourceSchema, detail, 'export detail');
  return writeTransaction(ctx, () => refs.map((ref) => {
    const meta = ctx.index.resolve(ctx, ref);
    const secret = loadSecret(ctx, meta.id);
    logAction(ctx, 'export', origin, { cred: meta, detail: what });
    return {
      id: meta.id,
      value: secret.current.value,
      previous: secret.previous.map((p) => ({ value: p.value, createdAt: p.createdAt, replacedAt: p.replacedAt })),
    };
  }));
}
