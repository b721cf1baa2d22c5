// Sealed records: every row of `records` is AES-256-GCM over JSON, with associated data that
// binds it to the vault, its row id, its kind and its version counter. The sealed manifest
// (manifest.ts) says which version of each row is the current one: every read checks it and
// every write updates it.
import { open as openSealed, seal } from './crypto.ts';
import { recordAad } from './aead.ts';
import { stmt, type Db } from './db.ts';
import { KeyholdError } from '../../shared/errors.ts';
import type { Manifest } from './manifest.ts';

export interface SealCtx {
  db: Db;
  vaultId: string;
  key: Buffer;
  manifest: Manifest;
}

export interface RawRecord {
  id: string;
  kind: string;
  version: number;
  blob: Buffer;
}

export { recordAad } from './aead.ts';

/** Decrypts and parses one row; null when authentication or parsing fails. */
export function openRecord<T>(ctx: SealCtx, row: RawRecord): T | null {
  const plain = openSealed(ctx.key, row.blob, recordAad(ctx.vaultId, row.id, row.kind, row.version));
  if (!plain) return null;
  try {
    return JSON.parse(plain.toString('utf8')) as T;
  } catch {
    return null;
  } finally {
    plain.fill(0);
  }
}

export function getRaw(db: Db, id: string): RawRecord | undefined {
  return stmt(db, 'SELECT id, kind, version, blob FROM records WHERE id = ?').get(id) as RawRecord | undefined;
}

export function rawByKind(db: Db, kind: string): RawRecord[] {
  return stmt(db, 'SELECT id, kind, version, blob FROM records WHERE kind = ?').all(kind) as RawRecord[];
}

/**
 * Like rawByKind, one row at a time, so a scan of 100,000 rows does not hold every blob at once.
 * The connection runs no other statement until the loop ends.
 */
export function eachByKind(db: Db, kind: string): IterableIterator<RawRecord> {
  return db.prepare('SELECT id, kind, version, blob FROM records WHERE kind = ?').iterate(kind) as IterableIterator<RawRecord>;
}

/**
 * Reads a record that must authenticate and be the version the manifest names: INTEGRITY
 * otherwise; undefined when absent (and the manifest agrees).
 */
export function readRecord<T>(ctx: SealCtx, id: string, kind: string): T | undefined {
  return checkRecord<T>(ctx, id, kind, getRaw(ctx.db, id));
}

/** readRecord over a row already fetched (undefined: the row is absent), e.g. by a bulk read. */
export function checkRecord<T>(ctx: SealCtx, id: string, kind: string, row: RawRecord | undefined): T | undefined {
  ctx.manifest.check(ctx, kind, id, row?.version);
  if (!row) return undefined;
  const obj = row.kind === kind ? openRecord<T>(ctx, row) : null;
  if (obj === null) {
    throw new KeyholdError('INTEGRITY', `Record ${id} failed authentication: the vault file was modified or damaged. Run verify.`, { ids: [id] });
  }
  return obj;
}

/**
 * Inserts or replaces a record, bumping its version counter (part of the associated data), and
 * notes the new version in the manifest. `nameHash` is the name index of credential rows.
 */
export function writeRecord(ctx: SealCtx, id: string, kind: string, obj: unknown, nameHash: Buffer | null = null): void {
  const prev = stmt(ctx.db, 'SELECT version FROM records WHERE id = ?').get(id) as { version: number } | undefined;
  // Overwriting a row that was put back or deleted would launder the tampering: refuse it.
  ctx.manifest.check(ctx, kind, id, prev?.version);
  const version = (prev?.version ?? 0) + 1;
  const plain = Buffer.from(JSON.stringify(obj), 'utf8');
  const blob = seal(ctx.key, plain, recordAad(ctx.vaultId, id, kind, version));
  plain.fill(0);
  stmt(ctx.db, 'INSERT INTO records (id, kind, version, blob, name_hash) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, version = excluded.version, blob = excluded.blob, name_hash = excluded.name_hash')
    .run(id, kind, version, blob, nameHash);
  ctx.manifest.noteWrite(ctx, kind, id, version);
}

export function deleteRecord(ctx: SealCtx, id: string, kind: string): boolean {
  const gone = stmt(ctx.db, 'DELETE FROM records WHERE id = ?').run(id).changes > 0;
  ctx.manifest.noteDelete(ctx, kind, id);
  return gone;
}

/** The credential row whose name index is `hash`, if any. */
export function rawByNameHash(db: Db, hash: Buffer): RawRecord | undefined {
  return stmt(db, 'SELECT id, kind, version, blob FROM records WHERE name_hash = ?').get(hash) as RawRecord | undefined;
}
