// The value snapshots: for each credential bucket of the sealed manifest, its live credentials'
// names and values (current and previous) in one sealed row of the `snapshots` table, so the bulk
// reads (leak scan, health) open one record per bucket instead of two per credential. Derived
// data, never the source of truth:
//  - a bucket's snapshot is sealed with that bucket's version, so it opens only while the bucket
//    is unchanged since it was written (an older copy put back fails authentication);
//  - a write that changes a credential bucket deletes that bucket's snapshot in the same
//    transaction (manifest flush), so a purged or rotated-away value does not live on in it
//    (secure_delete zeroes the freed pages), and the other buckets' snapshots stay usable;
//  - a snapshot that is missing, stale, from another vault or fails authentication is ignored and
//    its bucket read from the rows.
import type { StoredValues } from './api.ts';
import { encodeAad, open, seal } from './crypto.ts';
import { stmt, type Db } from './db.ts';
import type { SealCtx } from './records.ts';

const READ_SQL = 'SELECT name, blob FROM snapshots';
const WRITE_SQL = 'INSERT INTO snapshots (name, blob) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET blob = excluded.blob';
const DROP_SQL = 'DELETE FROM snapshots WHERE name = ?';

/** One credential: id, name, and its value versions as [valueVersion, 1 when current else 0, value]. */
type PackedCredential = [string, string, [number, number, string][]];

function aad(vaultId: string, bucket: string, version: number): Buffer {
  return encodeAad(['keyhold-value-snapshot-v1', vaultId, bucket, version]);
}

/**
 * The snapshots that are current for `buckets` (credential bucket -> version in the sealed head),
 * by bucket; a bucket without a usable snapshot is absent from the result.
 */
export function readValueSnapshots(ctx: SealCtx, buckets: Map<string, number>): Map<string, StoredValues[]> {
  const out = new Map<string, StoredValues[]>();
  for (const { name, blob } of stmt(ctx.db, READ_SQL).all() as { name: string; blob: Buffer }[]) {
    const version = buckets.get(name);
    if (version === undefined) continue;
    const values = openSnapshot(ctx, name, version, blob);
    if (values) out.set(name, values);
  }
  return out;
}

function openSnapshot(ctx: SealCtx, bucket: string, version: number, blob: Buffer): StoredValues[] | null {
  const plain = open(ctx.key, blob, aad(ctx.vaultId, bucket, version));
  if (!plain) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(plain.toString('utf8'));
  } catch {
    return null;
  } finally {
    plain.fill(0);
  }
  if (!isPacked(parsed)) return null;
  return parsed.map(([credentialId, name, versions]) => ({
    credentialId, name, versions: versions.map(([valueVersion, current, value]) => ({ valueVersion, current: current === 1, value })),
  }));
}

/** Seals `values` as the snapshot of `bucket` at `version` (its version in the head when the rows were read). */
export function writeValueSnapshot(ctx: SealCtx, bucket: string, version: number, values: StoredValues[]): void {
  const packed: PackedCredential[] = values.map((c) => [c.credentialId, c.name, c.versions.map((v): [number, number, string] => [v.valueVersion, v.current ? 1 : 0, v.value])]);
  const plain = Buffer.from(JSON.stringify(packed), 'utf8');
  try {
    stmt(ctx.db, WRITE_SQL).run(bucket, seal(ctx.key, plain, aad(ctx.vaultId, bucket, version)));
  } finally {
    plain.fill(0);
  }
}

/** Deletes a bucket's snapshot (one of its rows changed); call inside the write transaction. */
export function dropValueSnapshot(db: Db, bucket: string): void {
  stmt(db, DROP_SQL).run(bucket);
}

/** The decrypted snapshot checked field by field (it is authenticated, but a bug must not pass for data). */
function isPacked(x: unknown): x is PackedCredential[] {
  if (!Array.isArray(x)) return false;
  for (const c of x as unknown[]) {
    if (!Array.isArray(c) || c.length !== 3 || typeof c[0] !== 'string' || typeof c[1] !== 'string' || !Array.isArray(c[2])) return false;
    for (const v of c[2] as unknown[]) {
      if (!Array.isArray(v) || v.length !== 3 || !Number.isInteger(v[0]) || (v[1] !== 0 && v[1] !== 1) || typeof v[2] !== 'string') return false;
    }
  }
  return true;
}
