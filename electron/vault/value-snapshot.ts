// The value snapshot: every live credential's name and values (current and previous) in one
// sealed row of the `snapshots` table, so the bulk reads (leak scan, health) open one record
// instead of two per credential. It is derived data, never the source of truth:
//  - it is bound to the version of every credential bucket of the sealed manifest, so it is used
//    only while no credential row has changed since it was written;
//  - any write that changes a credential bucket deletes it in the same transaction (manifest
//    flush), so a purged or rotated-away value does not live on in it (secure_delete zeroes the
//    freed pages);
//  - a snapshot that is missing, stale, from another vault or fails authentication is ignored and
//    rebuilt from the rows.
import type { StoredValues } from './api.ts';
import { encodeAad, open, seal } from './crypto.ts';
import { stmt, type Db } from './db.ts';
import type { SealCtx } from './records.ts';

const NAME = 'values';
const READ_SQL = 'SELECT blob FROM snapshots WHERE name = ?';
const WRITE_SQL = 'INSERT INTO snapshots (name, blob) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET blob = excluded.blob';
const DROP_SQL = 'DELETE FROM snapshots';

/** Credential buckets and their versions, as the sealed head lists them. */
export type BucketVersions = Record<string, number>;

/** One credential: id, name, and its value versions as [valueVersion, 1 when current else 0, value]. */
type PackedCredential = [string, string, [number, number, string][]];

interface Packed {
  buckets: BucketVersions;
  credentials: PackedCredential[];
}

function aad(vaultId: string): Buffer {
  return encodeAad(['keyhold-value-snapshot-v1', vaultId]);
}

/** The credential buckets of a head's bucket list (`c:xx`; documents do not feed the snapshot). */
export function credentialBucketVersions(all: Record<string, number>): BucketVersions {
  const out: BucketVersions = {};
  for (const [name, version] of Object.entries(all)) if (name.startsWith('c:')) out[name] = version;
  return out;
}

function sameBuckets(a: BucketVersions, b: BucketVersions): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}

/** The snapshot's values when it is current for `buckets`; null when absent, stale or unreadable. */
export function readValueSnapshot(ctx: SealCtx, buckets: BucketVersions): StoredValues[] | null {
  const row = stmt(ctx.db, READ_SQL).get(NAME) as { blob: Buffer } | undefined;
  if (!row) return null;
  const plain = open(ctx.key, row.blob, aad(ctx.vaultId));
  if (!plain) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(plain.toString('utf8'));
  } catch {
    return null;
  } finally {
    plain.fill(0);
  }
  const packed = checkPacked(parsed);
  if (!packed || !sameBuckets(packed.buckets, buckets)) return null;
  return packed.credentials.map(([credentialId, name, versions]) => ({
    credentialId, name, versions: versions.map(([valueVersion, current, value]) => ({ valueVersion, current: current === 1, value })),
  }));
}

/** Seals `values` as the snapshot for `buckets` (the head's credential buckets when they were read). */
export function writeValueSnapshot(ctx: SealCtx, buckets: BucketVersions, values: StoredValues[]): void {
  const packed: Packed = {
    buckets,
    credentials: values.map((c) => [c.credentialId, c.name, c.versions.map((v): [number, number, string] => [v.valueVersion, v.current ? 1 : 0, v.value])]),
  };
  const plain = Buffer.from(JSON.stringify(packed), 'utf8');
  try {
    stmt(ctx.db, WRITE_SQL).run(NAME, seal(ctx.key, plain, aad(ctx.vaultId)));
  } finally {
    plain.fill(0);
  }
}

/** Deletes the snapshot (a credential row changed); call inside the write transaction. */
export function dropValueSnapshot(db: Db): void {
  stmt(db, DROP_SQL).run();
}

/** The decrypted snapshot checked field by field (it is authenticated, but a bug must not pass for data). */
function checkPacked(x: unknown): Packed | null {
  if (typeof x !== 'object' || x === null) return null;
  const { buckets, credentials } = x as Partial<Packed>;
  if (typeof buckets !== 'object' || buckets === null || Array.isArray(buckets) || !Array.isArray(credentials)) return null;
  for (const v of Object.values(buckets)) if (!Number.isInteger(v)) return null;
  for (const c of credentials as unknown[]) {
    if (!Array.isArray(c) || c.length !== 3 || typeof c[0] !== 'string' || typeof c[1] !== 'string' || !Array.isArray(c[2])) return null;
    for (const v of c[2] as unknown[]) {
      if (!Array.isArray(v) || v.length !== 3 || !Number.isInteger(v[0]) || (v[1] !== 0 && v[1] !== 1) || typeof v[2] !== 'string') return null;
    }
  }
  return { buckets, credentials };
}
