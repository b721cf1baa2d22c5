// The sealed manifest: which rows the vault holds and at which version, so that putting back an
// older row (with its older version), deleting one or resurrecting a purged one is detected by
// every read and by verify. Each row's authentication already binds its id, kind and version;
// the manifest says which version is the current one.
//
// Rows are grouped into buckets: a credential and its secret share one of 256 buckets (by a hash
// of the credential id), each document kind has one. A bucket is a sealed row of the `manifest`
// table, `{row id: version}`, with its own version; the sealed audit head lists every bucket's
// version. So one read opens the head and one bucket, not the whole manifest, and one write
// rewrites only the buckets it touched and the head (which every write rewrites anyway). The head
// names the newest audit record, and reads check that record: putting back an older head is
// caught unless the audit trail is cut as well (a whole-file rollback, see docs/vault-format.md).
import { createHash } from 'node:crypto';
import { KeyholdError } from '../../shared/errors.ts';
import { encodeAad, open as openSealed, seal } from './crypto.ts';
import { stmt } from './db.ts';
import { getRaw, openRecord, writeRecord, type SealCtx } from './records.ts';
import { AUDIT_HEAD_ID, AUDIT_HEAD_KIND, CRED_KIND, DOC_KIND_PREFIX, SECRET_KIND, credentialIdOfSecret, looksLikeId } from './row-kinds.ts';
import { dropValueSnapshot } from './value-snapshot.ts';

const CREDENTIAL_BUCKETS = 256;
const GENESIS_MAC = Buffer.alloc(32).toString('hex');

/** The sealed audit head: the chain's newest record and the version of every manifest bucket. */
export interface Head {
  seq: number;
  mac: string;
  buckets: Record<string, number>;
}

/** Which bucket covers a row; null for the head itself (it is the root) and unknown kinds. */
export function bucketOf(kind: string, id: string): string | null {
  if (kind === CRED_KIND) return credentialBucket(id);
  if (kind === SECRET_KIND) return credentialBucket(credentialIdOfSecret(id));
  if (kind.startsWith(DOC_KIND_PREFIX)) return `d:${kind.slice(DOC_KIND_PREFIX.length)}`;
  return null;
}

/** Credential ids are random UUIDs: their first byte spreads them evenly (anything else is hashed). */
function credentialBucket(credId: string): string {
  const first = credId.slice(0, 2);
  if (/^[0-9a-f]{2}$/.test(first) && looksLikeId(credId)) return `c:${first}`;
  const n = createHash('sha256').update(credId).digest()[0]! % CREDENTIAL_BUCKETS;
  return `c:${n.toString(16).padStart(2, '0')}`;
}

function bucketAad(vaultId: string, bucket: string, version: number): Buffer {
  return encodeAad(['keyhold-manifest-v1', vaultId, bucket, version]);
}

const ADVICE = ' The vault file was modified or damaged. Run verify.';

function integrity(message: string, ids?: string[]): KeyholdError {
  return new KeyholdError('INTEGRITY', `${message}${ADVICE}`, ids ? { ids } : undefined);
}

/** What an INTEGRITY error of the manifest says, without the advice (for damaged-row lists). */
export function problemOf(e: KeyholdError): string {
  return e.message.endsWith(ADVICE) ? e.message.slice(0, -ADVICE.length) : e.message;
}

/** Reads the head row without trusting it further; undefined when absent, null when it fails. */
export function readHeadRow(ctx: SealCtx, opts: { legacy?: boolean } = {}): Head | null | undefined {
  const row = getRaw(ctx.db, AUDIT_HEAD_ID);
  if (!row) return undefined;
  const h = row.kind === AUDIT_HEAD_KIND ? openRecord<Partial<Head>>(ctx, row) : null;
  if (!h || typeof h.seq !== 'number' || typeof h.mac !== 'string') return null;
  if (h.buckets === undefined && opts.legacy) return { seq: h.seq, mac: h.mac, buckets: {} };
  if (typeof h.buckets !== 'object' || h.buckets === null) return null;
  return h as Head;
}

/** The newest audit row, as the head must name it. */
export function newestAuditRow(ctx: SealCtx): { seq: number; mac: Buffer } | undefined {
  return stmt(ctx.db, 'SELECT seq, mac FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; mac: Buffer } | undefined;
}

function readBucketRow(ctx: SealCtx, bucket: string): { version: number; blob: Buffer } | undefined {
  return stmt(ctx.db, 'SELECT version, blob FROM manifest WHERE bucket = ?').get(bucket) as { version: number; blob: Buffer } | undefined;
}

function openBucket(ctx: SealCtx, bucket: string, row: { version: number; blob: Buffer }): Map<string, number> | null {
  const plain = openSealed(ctx.key, row.blob, bucketAad(ctx.vaultId, bucket, row.version));
  if (!plain) return null;
  try {
    const obj = JSON.parse(plain.toString('utf8')) as unknown;
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return null;
    const m = new Map<string, number>();
    for (const [id, v] of Object.entries(obj)) {
      if (typeof v !== 'number') return null;
      m.set(id, v);
    }
    return m;
  } catch {
    return null;
  } finally {
    plain.fill(0);
  }
}

/**
 * The manifest as one session sees it: the head and the buckets read so far (trusted for the
 * current snapshot of the file), and the changes of the running write transaction, written by
 * flush() before it commits. clear() forgets everything when another connection committed.
 */
export class Manifest {
  #head: Head | null = null;
  #buckets = new Map<string, Map<string, number>>();
  #dirty = new Set<string>();
  #headDirty = false;

  clear(): void {
    this.#head = null;
    this.#buckets.clear();
    this.#dirty.clear();
    this.#headDirty = false;
  }

  /** The trusted head. `genesis`: a vault being created has none yet and starts one. */
  head(ctx: SealCtx, opts: { genesis?: boolean } = {}): Head {
    if (this.#head) return this.#head;
    const h = readHeadRow(ctx);
    if (h === undefined) {
      if (!opts.genesis) throw integrity('The audit chain head is missing.', [AUDIT_HEAD_ID]);
      this.#head = { seq: 0, mac: GENESIS_MAC, buckets: {} };
      this.#headDirty = true;
      return this.#head;
    }
    if (h === null) throw integrity('The audit chain head failed authentication.', [AUDIT_HEAD_ID]);
    const last = newestAuditRow(ctx);
    if (!last || last.seq !== h.seq || !Buffer.isBuffer(last.mac) || last.mac.toString('hex') !== h.mac) {
      throw integrity('The audit trail does not end where its sealed head says (records removed, or an older head put back).', [AUDIT_HEAD_ID]);
    }
    this.#head = h;
    return h;
  }

  /** Installs a head built by the schema upgrade (it writes the buckets and head on flush). */
  adopt(head: Head, buckets: Map<string, Map<string, number>>): void {
    this.clear();
    this.#head = head;
    for (const [name, rows] of buckets) {
      this.#buckets.set(name, rows);
      this.#dirty.add(name);
    }
    this.#headDirty = true;
  }

  /** One bucket's rows; INTEGRITY when it is missing, older than the head says, or fails. */
  bucket(ctx: SealCtx, name: string): Map<string, number> {
    const cached = this.#buckets.get(name);
    if (cached) return cached;
    const expected = this.head(ctx).buckets[name];
    const row = readBucketRow(ctx, name);
    let rows: Map<string, number> | null;
    if (expected === undefined) {
      if (row) throw integrity(`Manifest bucket ${name} is not listed in the sealed head.`);
      rows = new Map();
    } else {
      if (!row) throw integrity(`Manifest bucket ${name} is missing.`);
      if (row.version !== expected) throw integrity(`Manifest bucket ${name} is at version ${row.version}, the sealed head says ${expected} (an older copy was put back).`);
      rows = openBucket(ctx, name, row);
      if (!rows) throw integrity(`Manifest bucket ${name} failed authentication.`);
    }
    this.#buckets.set(name, rows);
    return rows;
  }

  /** The buckets the running write transaction changed (their new versions are sealed at flush). */
  changedBuckets(): string[] {
    return [...this.#dirty];
  }

  /** Names of the credential buckets the head lists. */
  credentialBuckets(ctx: SealCtx): string[] {
    return Object.keys(this.head(ctx).buckets).filter((b) => b.startsWith('c:'));
  }

  /**
   * Throws INTEGRITY unless the row is exactly as the manifest says: present at its version, or
   * absent when it is not listed. `version` is undefined for an absent row.
   */
  check(ctx: SealCtx, kind: string, id: string, version: number | undefined): void {
    const b = bucketOf(kind, id);
    if (b === null) return;
    const problem = mismatch(id, this.bucket(ctx, b).get(id), version);
    if (problem) throw integrity(problem, [id]);
  }

  noteWrite(ctx: SealCtx, kind: string, id: string, version: number): void {
    const b = bucketOf(kind, id);
    if (b === null) return;
    this.bucket(ctx, b).set(id, version);
    this.#dirty.add(b);
  }

  noteDelete(ctx: SealCtx, kind: string, id: string): void {
    const b = bucketOf(kind, id);
    if (b === null) return;
    this.bucket(ctx, b).delete(id);
    this.#dirty.add(b);
  }

  /** The audit chain moved on (audit.ts); the head is rewritten at flush. */
  setChain(ctx: SealCtx, seq: number, mac: string, opts: { genesis?: boolean } = {}): void {
    const h = this.head(ctx, opts);
    h.seq = seq;
    h.mac = mac;
    this.#headDirty = true;
  }

  /**
   * Seals the changed buckets and the head; call at the end of every write transaction, inside it.
   * Buckets are never deleted (an empty one stays), so a bucket's version only ever grows and an
   * old copy can never pass for a new one. A changed credential bucket also loses its value
   * snapshot (value-snapshot.ts): it must not outlive the rows it was made from.
   */
  flush(ctx: SealCtx): void {
    if (this.#dirty.size === 0 && !this.#headDirty) return;
    const head = this.head(ctx);
    for (const name of this.#dirty) {
      if (name.startsWith('c:')) dropValueSnapshot(ctx.db, name);
      const rows = this.#buckets.get(name) ?? new Map<string, number>();
      const version = (head.buckets[name] ?? 0) + 1;
      const plain = Buffer.from(JSON.stringify(Object.fromEntries(rows)), 'utf8');
      const blob = seal(ctx.key, plain, bucketAad(ctx.vaultId, name, version));
      plain.fill(0);
      stmt(ctx.db, 'INSERT INTO manifest (bucket, version, blob) VALUES (?, ?, ?) ON CONFLICT(bucket) DO UPDATE SET version = excluded.version, blob = excluded.blob')
        .run(name, version, blob);
      head.buckets[name] = version;
    }
    this.#dirty.clear();
    writeRecord(ctx, AUDIT_HEAD_ID, AUDIT_HEAD_KIND, head);
    this.#headDirty = false;
  }
}

/** What is wrong when a row's version is not the one the manifest names; null when it is. */
export function mismatch(id: string, expected: number | undefined, actual: number | undefined): string | null {
  if (expected === actual) return null;
  if (actual === undefined) return `Record ${id} is missing (deleted behind Keyhold's back).`;
  if (expected === undefined) return `Record ${id} is not in the sealed manifest (a deleted or purged record was put back).`;
  return `Record ${id} is at version ${actual}, the sealed manifest says ${expected} (an older copy was put back).`;
}

/** Everything wrong between the manifest and the records table, for verify; never throws. */
export function manifestProblems(ctx: SealCtx, rows: { id: string; kind: string; version: number }[]): { id: string; kind: string; reason: string }[] {
  const out: { id: string; kind: string; reason: string }[] = [];
  const head = readHeadRow(ctx);
  if (!head) return out; // the audit check reports a missing or damaged head
  const listed = new Map<string, { bucket: string; version: number }>();
  const unusable = new Set<string>();
  for (const [name, version] of Object.entries(head.buckets)) {
    const row = readBucketRow(ctx, name);
    const rowsOf = row && row.version === version ? openBucket(ctx, name, row) : null;
    if (!rowsOf) {
      unusable.add(name);
      const why = !row ? 'is missing' : row.version !== version ? `is at version ${row.version}, the head says ${version} (rolled back)` : 'failed authentication';
      out.push({ id: `manifest:${name}`, kind: 'manifest', reason: `manifest bucket ${why}` });
      continue;
    }
    for (const [id, v] of rowsOf) listed.set(id, { bucket: name, version: v });
  }
  for (const { bucket } of stmt(ctx.db, 'SELECT bucket FROM manifest').all() as { bucket: string }[]) {
    if (head.buckets[bucket] === undefined) out.push({ id: `manifest:${bucket}`, kind: 'manifest', reason: 'manifest bucket not listed in the sealed head' });
  }
  const present = new Set<string>();
  for (const r of rows) {
    const b = bucketOf(r.kind, r.id);
    if (b === null) continue;
    present.add(r.id);
    if (unusable.has(b)) continue;
    const want = listed.get(r.id);
    if (!want) out.push({ id: r.id, kind: r.kind, reason: 'not in the sealed manifest (a deleted or purged record was put back)' });
    else if (want.version !== r.version) out.push({ id: r.id, kind: r.kind, reason: `at version ${r.version}, the sealed manifest says ${want.version} (an older copy was put back)` });
  }
  for (const [id, { bucket }] of listed) {
    if (!present.has(id)) out.push({ id, kind: bucket.startsWith('d:') ? `doc:${bucket.slice(2)}` : id.startsWith('secret:') ? SECRET_KIND : CRED_KIND, reason: 'missing: the sealed manifest lists it (deleted behind Keyhold\'s back)' });
  }
  return out;
}
