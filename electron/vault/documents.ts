// Generic sealed JSON documents that features above the core keep in the vault (identities,
// contacts, share records, settings), one `doc:<kind>` row each, covered by the sealed manifest
// like every row.
import { z } from 'zod';
import type { DocKind } from './api.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { hmac } from './crypto.ts';
import { deleteRecord, openRecord, rawByKind, readRecord, writeRecord } from './records.ts';
import { parseInput } from './validate.ts';
import { requireKeys, sealCtx, type Keys, type VaultContext } from './context.ts';
import { readTransaction, writeTransaction } from './transaction.ts';
import { collate } from './collation.ts';
import { bucketOf } from './manifest.ts';

const MAX_DOC_BYTES = 1024 * 1024;
const DOC_KINDS: DocKind[] = ['identity', 'contact', 'share.sent', 'share.received', 'setting', 'health'];

/** The sealed content of a document row: the caller's id is kept inside, the row id is a hash. */
export interface StoredDoc<T> {
  id: string;
  doc: T;
}

export function putDoc(ctx: VaultContext, kind: DocKind, id: string, doc: unknown): void {
  const k = validKind(kind);
  const docId = parseInput(z.string().min(1).max(1000), id, 'document id');
  const json = JSON.stringify(doc);
  if (json === undefined) throw new KeyholdError('INVALID_INPUT', 'Document is not JSON-serializable');
  if (Buffer.byteLength(json) > MAX_DOC_BYTES) throw new KeyholdError('TOO_LARGE', 'Document is larger than 1 MiB');
  writeTransaction(ctx, () => writeRecord(sealCtx(ctx), docRowId(ctx, k, docId), rowKind(k), { id: docId, doc }));
}

export function getDoc<T>(ctx: VaultContext, kind: DocKind, id: string): T | undefined {
  const k = validKind(kind);
  return readTransaction(ctx, () => readRecord<StoredDoc<T>>(sealCtx(ctx), docRowId(ctx, k, id), rowKind(k))?.doc);
}

export function listDocs<T>(ctx: VaultContext, kind: DocKind): StoredDoc<T>[] {
  const k = validKind(kind);
  return readTransaction(ctx, () => {
    const seal = sealCtx(ctx);
    const bad: string[] = [];
    const out: StoredDoc<T>[] = [];
    const rows = rawByKind(ctx.db, rowKind(k));
    // The sealed manifest names every document of this kind at its version: one put back,
    // deleted or rolled back is refused like a damaged one.
    const listed = ctx.manifest.bucket(seal, bucketOf(rowKind(k), '') as string);
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      const d = listed.get(row.id) === row.version ? openRecord<StoredDoc<T>>(seal, row) : null;
      if (d === null) bad.push(row.id);
      else out.push({ id: d.id, doc: d.doc });
    }
    for (const id of listed.keys()) if (!seen.has(id)) bad.push(id);
    if (bad.length) throw new KeyholdError('INTEGRITY', `${bad.length} ${k} record(s) failed authentication. Run verify.`, { ids: bad });
    return out.sort((a, b) => collate(a.id, b.id));
  });
}

export function deleteDoc(ctx: VaultContext, kind: DocKind, id: string): boolean {
  const k = validKind(kind);
  return writeTransaction(ctx, () => {
    const rowId = docRowId(ctx, k, id);
    // Deleting checks the row first, so a deletion cannot launder a tampered or missing one.
    readRecord(sealCtx(ctx), rowId, rowKind(k));
    return deleteRecord(sealCtx(ctx), rowId, rowKind(k));
  });
}

function validKind(kind: DocKind): DocKind {
  if (!DOC_KINDS.includes(kind)) throw new KeyholdError('INVALID_INPUT', 'Unknown document kind');
  return kind;
}

function rowKind(kind: DocKind): string {
  return `doc:${kind}`;
}

/** Document ids may be user-chosen: the row id is a keyed hash, never the id itself. */
export function docRowId(ctx: VaultContext, kind: DocKind, id: string): string {
  return docIdFromKeys(requireKeys(ctx), kind, id);
}

export function docIdFromKeys(keys: Keys, kind: string, id: string): string {
  return `doc:${hmac(keys.docIdKey, Buffer.from(kind), Buffer.from([0]), Buffer.from(id, 'utf8')).toString('hex').slice(0, 32)}`;
}
