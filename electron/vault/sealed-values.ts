// Every stored value at once, still sealed: the credential and secret rows the sealed manifest
// vouches for, packed into one buffer, and a copy of the record key. The leak scan opens them on
// several threads at once (bulk-open.ts) instead of one after the other, and needs no other
// metadata than the name. Audited once, like readAllValues.
import type { BulkPurpose } from './api.ts';
import type { OriginInfo, AuditAction } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { requireKeys, sealCtx, type VaultContext } from './context.ts';
import { writeTransaction } from './transaction.ts';
import { stmt } from './db.ts';
import { bucketOf, mismatch } from './manifest.ts';
import { CRED_KIND, SECRET_KIND, secretId } from './row-kinds.ts';
import { logAction } from './audit-log.ts';
import type { SealedValues } from './bulk-open.ts';

/** Each credential row with its secret row (`secret:<id>`); a credential without one is left out (verify reports it). */
const PAIRS_SQL = 'SELECT c.id, c.version, c.blob, s.id, s.version, s.blob FROM records c JOIN records s ON s.id = @prefix || c.id WHERE c.kind = @credential AND s.kind = @secret';
const SECRET_PREFIX = secretId('');
const COUNT_SQL = 'SELECT count(*) FROM records WHERE kind = ?';
const SIZE_SQL = 'SELECT count(*) AS rows, sum(length(blob)) AS bytes FROM records WHERE kind IN (?, ?)';

const BULK_ACTION: Record<BulkPurpose, AuditAction> = { scan: 'scan', health: 'health.check' };

/** Parts of the rows handed out as soon as they are read (to start opening them on other threads). */
export interface EarlyParts {
  /** Where the parts end, as rising fractions (0..1) of the credentials. */
  cuts: number[];
  /** Gets a copy of each part's rows in turn, with a key copy of its own. */
  take: (part: SealedValues) => void;
}

/**
 * The rows of every credential whose credential and secret rows both match the sealed manifest
 * (damaged ones are left out, as readAllValues leaves them out; verify reports them). Trashed
 * credentials are included: their trash mark is sealed, and bulk-open.ts drops them once opened.
 * The caller zeroes `key` when done.
 */
export function sealedValues(ctx: VaultContext, purpose: BulkPurpose, origin: OriginInfo, early?: EarlyParts): SealedValues {
  const action = BULK_ACTION[purpose];
  if (!action) throw new KeyholdError('INVALID_INPUT', 'Unknown bulk purpose');
  return writeTransaction(ctx, () => {
    const seal = sealCtx(ctx);
    const key = requireKeys(ctx).recordKey;
    const buckets = new Map<string, Map<string, number> | null>();
    for (const name of ctx.manifest.credentialBuckets(seal)) {
      try {
        buckets.set(name, ctx.manifest.bucket(seal, name));
      } catch (e) {
        if (!(e instanceof KeyholdError) || e.code !== 'INTEGRITY') throw e;
        buckets.set(name, null); // every row in it counts as damaged
      }
    }
    // Sized up front, so each row's bytes are copied once, straight from the query, and no row object outlives its turn.
    const size = stmt(ctx.db, SIZE_SQL).get(CRED_KIND, SECRET_KIND) as { rows: number; bytes: number | null };
    const credentials = stmt(ctx.db, COUNT_SQL).pluck().get(CRED_KIND) as number;
    const blobs = new Uint8Array(size.bytes ?? 0);
    const versions = new Uint32Array(size.rows);
    const ends = new Uint32Array(size.rows);
    const cuts = (early?.cuts ?? []).map((c) => Math.floor(credentials * c)).filter((c, i, all) => c > 0 && c > (all[i - 1] ?? 0));
    const ids: string[] = [];
    let used = 0;
    let partFrom = 0;
    // One pass over both rows of every credential, as arrays: only the columns needed.
    const pairs = stmt(ctx.db, PAIRS_SQL).raw(true).iterate({ credential: CRED_KIND, secret: SECRET_KIND, prefix: SECRET_PREFIX }) as IterableIterator<[string, number, Buffer, string, number, Buffer]>;
    for (const [id, version, blob, sid, secretVersion, secretBlob] of pairs) {
      const listed = buckets.get(bucketOf(CRED_KIND, id)!);
      if (!listed || mismatch(id, listed.get(id), version) || mismatch(sid, listed.get(sid), secretVersion)) continue;
      const row = 2 * ids.length;
      if (row + 2 > versions.length || used + blob.length + secretBlob.length > blobs.length) continue; // cannot happen inside this transaction: keeps every write inside the buffers
      ids.push(id);
      blobs.set(blob, used);
      used += blob.length;
      versions[row] = version;
      ends[row] = used;
      blobs.set(secretBlob, used);
      used += secretBlob.length;
      versions[row + 1] = secretVersion;
      ends[row + 1] = used;
      if (ids.length === cuts[0]) {
        early!.take(part(ctx.vaultId, key, ids, blobs, versions, ends, partFrom, ids.length));
        partFrom = cuts.shift()!;
      }
    }
    logAction(ctx, action, origin, { detail: `${ids.length} credentials` });
    return { vaultId: ctx.vaultId, key: new Uint8Array(key), ids, versions: versions.subarray(0, 2 * ids.length), blobs: blobs.subarray(0, used), ends: ends.subarray(0, 2 * ids.length) };
  });
}

/** Credentials `from` to `to` of the rows read so far, on buffers of their own (to hand to another thread). */
function part(vaultId: string, key: Buffer, ids: string[], blobs: Uint8Array, versions: Uint32Array, ends: Uint32Array, from: number, to: number): SealedValues {
  const start = from === 0 ? 0 : ends[2 * from - 1]!;
  const own = ends.slice(2 * from, 2 * to);
  for (let i = 0; i < own.length; i++) own[i]! -= start;
  return { vaultId, key: new Uint8Array(key), ids: ids.slice(from, to), versions: versions.slice(2 * from, 2 * to), blobs: blobs.slice(start, ends[2 * to - 1]!), ends: own };
}
