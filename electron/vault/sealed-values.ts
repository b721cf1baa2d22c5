// Every stored value at once, still sealed: the credential and secret rows the sealed manifest
// vouches for, packed into one buffer, and a copy of the record key. The leak scan opens them on
// several threads at once (bulk-open.ts) instead of one after the other, and needs no other
// metadata than the name. Audited once, like readAllValues.
import type { BulkPurpose } from './api.ts';
import type { OriginInfo, AuditAction } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { requireKeys, sealCtx, type VaultContext } from './context.ts';
import { writeTransaction } from './transaction.ts';
import { rawByKind } from './records.ts';
import { bucketOf, mismatch } from './manifest.ts';
import { CRED_KIND, SECRET_KIND, secretId } from './row-kinds.ts';
import { logAction } from './audit-log.ts';
import type { SealedValues } from './bulk-open.ts';

const BULK_ACTION: Record<BulkPurpose, AuditAction> = { scan: 'scan', health: 'health.check' };

/**
 * The rows of every credential whose credential and secret rows both match the sealed manifest
 * (damaged ones are left out, as readAllValues leaves them out; verify reports them). Trashed
 * credentials are included: their trash mark is sealed, and bulk-open.ts drops them once opened.
 * The caller zeroes `key` when done.
 */
export function sealedValues(ctx: VaultContext, purpose: BulkPurpose, origin: OriginInfo): SealedValues {
  const action = BULK_ACTION[purpose];
  if (!action) throw new KeyholdError('INVALID_INPUT', 'Unknown bulk purpose');
  return writeTransaction(ctx, () => {
    const seal = sealCtx(ctx);
    const buckets = new Map<string, Map<string, number> | null>();
    for (const name of ctx.manifest.credentialBuckets(seal)) {
      try {
        buckets.set(name, ctx.manifest.bucket(seal, name));
      } catch (e) {
        if (!(e instanceof KeyholdError) || e.code !== 'INTEGRITY') throw e;
        buckets.set(name, null); // every row in it counts as damaged
      }
    }
    const secrets = new Map(rawByKind(ctx.db, SECRET_KIND).map((r) => [r.id, r]));
    const ids: string[] = [];
    const rows: { version: number; blob: Buffer }[] = [];
    for (const row of rawByKind(ctx.db, CRED_KIND)) {
      const listed = buckets.get(bucketOf(CRED_KIND, row.id)!);
      if (!listed || mismatch(row.id, listed.get(row.id), row.version)) continue;
      const sid = secretId(row.id);
      const secret = secrets.get(sid);
      if (!secret || mismatch(sid, listed.get(sid), secret.version)) continue;
      ids.push(row.id);
      rows.push(row, secret);
    }
    const versions = new Uint32Array(rows.length);
    const ends = new Uint32Array(rows.length);
    let total = 0;
    rows.forEach((r, i) => {
      versions[i] = r.version;
      total += r.blob.length;
      ends[i] = total;
    });
    const blobs = new Uint8Array(total);
    rows.forEach((r, i) => blobs.set(r.blob, ends[i]! - r.blob.length));
    logAction(ctx, action, origin, { detail: `${ids.length} credentials` });
    return { vaultId: ctx.vaultId, key: new Uint8Array(requireKeys(ctx).recordKey), ids, versions, blobs, ends };
  });
}
