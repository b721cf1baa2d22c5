// Secret values: reading the current one (audited, refused for unusable credentials), rotating
// it, and the history of previous values. Values are decrypted per call and never kept in memory
// (the bulk read's value snapshot is sealed like the rows, see value-snapshot.ts).
import { z } from 'zod';
import type { AccessPurpose, BulkPurpose, StoredValues } from './api.ts';
import { LIMITS, generatorRecipeSchema, secretValueSchema, type AuditAction, type GeneratorRecipe, type CredentialMeta, type HistoryEntry, type OriginInfo } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { parseInput } from './validate.ts';
import { nowIso, sealCtx, type VaultContext } from './context.ts';
import { readValueSnapshots, writeValueSnapshot } from './value-snapshot.ts';
import { bucketOf } from './manifest.ts';
import { CRED_KIND } from './row-kinds.ts';
import type { RawRecord } from './records.ts';
import { auditedRead, readTransaction, writeTransaction } from './transaction.ts';
import { allSecretRows, cloneMeta, loadSecret, saveMeta, saveSecret, secretId } from './credential-records.ts';
import { logAction } from './audit-log.ts';

const PURPOSE_ACTION: Record<AccessPurpose, AuditAction> = {
  reveal: 'reveal', get: 'get', copy: 'copy', run: 'run', share: 'share.create',
};
const PURPOSES = Object.keys(PURPOSE_ACTION) as AccessPurpose[];

/** Returns the current value; a refusal is audited as denied and committed before DISABLED (or EXPIRED) is thrown. */
export function readValue(ctx: VaultContext, ref: string, purpose: AccessPurpose, origin: OriginInfo): string {
  if (!PURPOSES.includes(purpose)) throw new KeyholdError('INVALID_INPUT', 'Unknown access purpose');
  const action = PURPOSE_ACTION[purpose];
  // Reading changes no row: in a deferred-audit scope the entry waits for the scope's commit.
  const time = ctx.clock();
  const outcome = auditedRead(
    ctx,
    (): { meta: CredentialMeta; value: string } | { meta: CredentialMeta; refused: Refusal } => {
      const meta = cloneMeta(ctx.index.resolve(ctx, ref));
      const refused = refusal(ctx, meta, purpose);
      if (refused) return { meta, refused };
      return { meta, value: loadSecret(ctx, meta.id).current.value };
    },
    (o) => logAction(ctx, action, origin, 'refused' in o ? { cred: o.meta, result: 'denied', detail: o.refused.reason, time } : { cred: o.meta, time }),
  );
  if ('refused' in outcome) throw new KeyholdError(outcome.refused.code, outcome.refused.reason);
  return outcome.value;
}

export function rotateValue(
  ctx: VaultContext, ref: string, newValue: string, reason: string, origin: OriginInfo, generator?: GeneratorRecipe | null,
): CredentialMeta {
  const value = parseInput(secretValueSchema, newValue, 'secret value');
  const why = parseInput(z.string().max(LIMITS.text), reason, 'reason');
  const recipe = generator === undefined ? undefined : parseInput(generatorRecipeSchema.nullable(), generator, 'generator settings');
  return writeTransaction(ctx, () => {
    const meta = cloneMeta(ctx.index.resolve(ctx, ref));
    const secret = loadSecret(ctx, meta.id);
    const now = nowIso(ctx);
    secret.previous.push({ ...secret.current, replacedAt: now, reason: why });
    secret.current = { value, createdAt: now, valueVersion: secret.current.valueVersion + 1 };
    meta.valueVersion = secret.current.valueVersion;
    meta.valueUpdatedAt = now;
    meta.updatedAt = now;
    if (recipe !== undefined) meta.generator = recipe;
    saveSecret(ctx, meta.id, secret);
    saveMeta(ctx, meta);
    logAction(ctx, 'rotate', origin, { cred: meta, detail: why ? `version ${meta.valueVersion}: ${why}` : `version ${meta.valueVersion}` });
    return cloneMeta(meta);
  });
}

export function listHistory(ctx: VaultContext, ref: string): HistoryEntry[] {
  return readTransaction(ctx, () => {
    const meta = ctx.index.resolve(ctx, ref);
    return loadSecret(ctx, meta.id)
      .previous.map(({ valueVersion, createdAt, replacedAt, reason }) => ({ valueVersion, createdAt, replacedAt, reason }))
      .sort((a, b) => b.valueVersion - a.valueVersion);
  });
}

export function readHistoryValue(ctx: VaultContext, ref: string, valueVersion: number, origin: OriginInfo): string {
  const time = ctx.clock();
  return auditedRead(
    ctx,
    () => {
      const meta = cloneMeta(ctx.index.resolve(ctx, ref));
      const secret = loadSecret(ctx, meta.id);
      const found = secret.current.valueVersion === valueVersion ? secret.current : secret.previous.find((p) => p.valueVersion === valueVersion);
      if (!found) throw new KeyholdError('NOT_FOUND', `'${meta.name}' has no value version ${valueVersion}`);
      return { meta, value: found.value };
    },
    ({ meta }) => logAction(ctx, 'history.reveal', origin, { cred: meta, detail: `version ${valueVersion}`, time }),
  ).value;
}

/**
 * Why the value may not be used for this purpose now, or null. A reveal (the owner looking at it)
 * is always allowed; expiry blocks only get and run, which hand the value to a program.
 */
interface Refusal {
  code: 'DISABLED' | 'EXPIRED';
  reason: string;
}

function refusal(ctx: VaultContext, meta: CredentialMeta, purpose: AccessPurpose): Refusal | null {
  if (purpose === 'reveal') return null;
  if (meta.trashedAt !== null) return { code: 'DISABLED', reason: `'${meta.name}' is in the trash` };
  if (meta.status === 'disabled' || meta.status === 'revoked') return { code: 'DISABLED', reason: `'${meta.name}' is ${meta.status}` };
  if ((purpose === 'get' || purpose === 'run') && meta.expiresAt !== null && Date.parse(meta.expiresAt) <= ctx.clock()) {
    return { code: 'EXPIRED', reason: `'${meta.name}' expired on ${meta.expiresAt}` };
  }
  return null;
}

const BULK_ACTION: Record<BulkPurpose, AuditAction> = { scan: 'scan', health: 'health.check' };

/**
 * Every value of every live credential, with one audit entry for the whole read: each credential
 * bucket from its value snapshot while unchanged since it was made, the others from their rows
 * (and their snapshots made from them, unless a row is damaged: then that bucket is read from the
 * rows every time, and reported by damaged() and verify).
 */
export function readAllValues(ctx: VaultContext, purpose: BulkPurpose, origin: OriginInfo): StoredValues[] {
  const action = BULK_ACTION[purpose];
  if (!action) throw new KeyholdError('INVALID_INPUT', 'Unknown bulk purpose');
  return writeTransaction(ctx, () => {
    const seal = sealCtx(ctx);
    const listed = Object.entries(ctx.manifest.head(seal).buckets).filter(([name]) => name.startsWith('c:'));
    // A bucket this transaction changed (inside a bulk write) is read from its rows, and gets no
    // snapshot: the flush seals its new version and deletes the old snapshot.
    const changed = new Set(ctx.manifest.changedBuckets().filter((name) => name.startsWith('c:')));
    const unchanged = new Map(listed.filter(([name]) => !changed.has(name)));
    const buckets = new Set([...listed.map(([name]) => name), ...changed]);
    const byBucket = readValueSnapshots(seal, unchanged);
    const stale = [...buckets].filter((name) => !byBucket.has(name));
    for (const [name, read] of readBucketsFromRows(ctx, stale)) {
      // By id, so the order does not depend on which way the rows were read.
      read.values.sort((a, b) => (a.credentialId < b.credentialId ? -1 : a.credentialId > b.credentialId ? 1 : 0));
      byBucket.set(name, read.values);
      const version = unchanged.get(name);
      if (read.complete && version !== undefined) writeValueSnapshot(seal, name, version, read.values);
    }
    const out = [...buckets].sort().flatMap((name) => byBucket.get(name) ?? []);
    logAction(ctx, action, origin, { detail: `${out.length} credentials` });
    return out;
  });
}

interface BucketRead {
  values: StoredValues[];
  /** False when a damaged row was left out (no snapshot is made of it). */
  complete: boolean;
}

/** Above this many buckets to read, one query for every row beats one query per credential. */
const BUCKETS_READ_ONE_BY_ONE = 16;

/** The live credentials' values of `names` (credential buckets), from their rows. */
function readBucketsFromRows(ctx: VaultContext, names: string[]): Map<string, BucketRead> {
  const out = new Map<string, BucketRead>(names.map((name) => [name, { values: [], complete: true }]));
  if (names.length === 0) return out;
  const add = (meta: CredentialMeta, secretRow?: RawRecord | null): void => {
    const read = out.get(bucketOf(CRED_KIND, meta.id)!);
    if (!read || meta.trashedAt !== null) return;
    try {
      const secret = loadSecret(ctx, meta.id, secretRow);
      const versions = [{ valueVersion: secret.current.valueVersion, current: true, value: secret.current.value }];
      for (const p of secret.previous) versions.push({ valueVersion: p.valueVersion, current: false, value: p.value });
      read.values.push({ credentialId: meta.id, name: meta.name, versions });
    } catch (e) {
      // A damaged secret row is reported by damaged() and verify; the others are still worth reading.
      if (!(e instanceof KeyholdError && e.code === 'INTEGRITY')) throw e;
      read.complete = false;
    }
  };
  if (names.length > BUCKETS_READ_ONE_BY_ONE) {
    for (const { id } of ctx.index.damaged(ctx)) {
      const read = out.get(bucketOf(CRED_KIND, id) ?? '');
      if (read) read.complete = false;
    }
    const rows = allSecretRows(ctx); // one query instead of one per credential
    for (const meta of ctx.index.all(ctx)) add(meta, rows.get(secretId(meta.id)) ?? null);
    return out;
  }
  const seal = sealCtx(ctx);
  for (const name of names) {
    let ids: string[];
    try {
      ids = [...ctx.manifest.bucket(seal, name).keys()].filter((id) => !id.startsWith(secretId('')));
    } catch (e) {
      if (!(e instanceof KeyholdError && e.code === 'INTEGRITY')) throw e;
      out.get(name)!.complete = false; // a damaged manifest bucket: its credentials are damaged too
      continue;
    }
    for (const id of ids) {
      let meta: CredentialMeta | undefined;
      try {
        meta = ctx.index.byId(ctx, id);
      } catch (e) {
        if (!(e instanceof KeyholdError && e.code === 'INTEGRITY')) throw e;
      }
      if (meta) add(meta);
      else out.get(name)!.complete = false;
    }
  }
  return out;
}
