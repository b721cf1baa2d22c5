// Re-keying: a new random vault key replaces the old one and every sealed thing is sealed again
// under it, in one transaction: records (document row ids and name hashes are keyed, so they
// change too), every audit record and the chain's MACs, the manifest and its head. Afterwards
// an old copy of the header with the old password opens nothing written since. The caller has
// already checked the current password and wrapped the new key under the new one.
import type { OriginInfo } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { seal } from './crypto.ts';
import { mapStorageError, stmt, truncateWal } from './db.ts';
import { writeWrapping, type KeyWrapping } from './header.ts';
import { openRecord, recordAad, type RawRecord } from './records.ts';
import { auditRows, openAuditRow, sealAuditRow } from './audit.ts';
import { bucketOf } from './manifest.ts';
import { AUDIT_HEAD_ID, CRED_KIND, DOC_KIND_PREFIX } from './row-kinds.ts';
import { nameHash } from './names.ts';
import { deriveKeys, wipe } from './keys.ts';
import { requireKeys, sealCtx, type VaultContext } from './context.ts';
import { commitDeferred, dropCaches } from './transaction.ts';
import { verifyVault } from './verify.ts';
import { logAction } from './audit-log.ts';
import { docIdFromKeys } from './documents.ts';
import type { CredentialMeta } from '../../shared/model.ts';

const GENESIS: Buffer = Buffer.alloc(32);

/** Takes ownership of `newVaultKey`: on success it is the session's key, on failure it is zeroed. */
export function rekeyVault(ctx: VaultContext, newVaultKey: Buffer, wrapping: KeyWrapping, origin: OriginInfo, detail: string): void {
  commitDeferred(ctx); // waiting entries belong to the old key's chain
  const oldKeys = requireKeys(ctx);
  const newKeys = deriveKeys(newVaultKey, ctx.vaultId);
  try {
    ctx.db.transaction(() => {
      dropCaches(ctx);
      const report = verifyVault(ctx);
      if (!report.ok) {
        throw new KeyholdError('INTEGRITY', 'The vault does not verify, so its records cannot all be sealed again: nothing was changed. Run verify.');
      }
      const oldSeal = sealCtx(ctx);
      const head = ctx.manifest.head(oldSeal);
      const rows = (stmt(ctx.db, 'SELECT id, kind, version, blob FROM records WHERE id <> ?').all(AUDIT_HEAD_ID) as RawRecord[])
        .map((row) => ({ row, content: openRecord<unknown>(oldSeal, row) }));
      const audits = auditRows(oldSeal).map((row) => ({ seq: row.seq, plain: openAuditRow(oldSeal, row) }));
      if (rows.some((r) => r.content === null) || audits.some((a) => a.plain === null)) {
        throw new KeyholdError('INTEGRITY', 'A record could not be opened: nothing was changed. Run verify.');
      }

      // From here on everything is sealed with the new key.
      ctx.keys = newKeys;
      const newSeal = sealCtx(ctx);
      stmt(ctx.db, 'DELETE FROM records WHERE id <> ?').run(AUDIT_HEAD_ID);
      const buckets = new Map<string, Map<string, number>>();
      const insert = stmt(ctx.db, 'INSERT INTO records (id, kind, version, blob, name_hash) VALUES (?, ?, ?, ?, ?)');
      for (const { row, content } of rows) {
        const id = row.kind.startsWith(DOC_KIND_PREFIX) ? docIdFromKeys(newKeys, row.kind.slice(DOC_KIND_PREFIX.length), (content as { id: string }).id) : row.id;
        const version = row.version + 1;
        const plain = Buffer.from(JSON.stringify(content), 'utf8');
        const blob = seal(newKeys.recordKey, plain, recordAad(ctx.vaultId, id, row.kind, version));
        plain.fill(0);
        const hash = row.kind === CRED_KIND ? nameHash(newKeys.nameKey, (content as CredentialMeta).name) : null;
        insert.run(id, row.kind, version, blob, hash);
        const b = bucketOf(row.kind, id);
        if (b === null) continue;
        if (!buckets.has(b)) buckets.set(b, new Map());
        buckets.get(b)!.set(id, version);
      }
      let prev: Buffer = GENESIS;
      const update = stmt(ctx.db, 'UPDATE audit SET blob = ?, mac = ? WHERE seq = ?');
      for (const { seq, plain } of audits) {
        const sealed = sealAuditRow(newSeal, newKeys.auditKey, prev, seq, plain!);
        plain!.fill(0);
        update.run(sealed.blob, sealed.mac, seq);
        prev = sealed.mac;
      }
      // Bucket versions go on growing from the old head's, so no old bucket can pass for a new one.
      for (const name of Object.keys(head.buckets)) if (!buckets.has(name)) buckets.set(name, new Map());
      ctx.manifest.adopt({ seq: head.seq, mac: prev.toString('hex'), buckets: { ...head.buckets } }, buckets);
      writeWrapping(ctx.db, wrapping);
      logAction(ctx, 'password.change', origin, { detail });
      ctx.manifest.flush(newSeal);
    }).immediate();
  } catch (e) {
    ctx.keys = oldKeys;
    dropCaches(ctx);
    wipe(newKeys);
    throw mapStorageError(e);
  }
  wipe(oldKeys);
  dropCaches(ctx);
  // Old ciphertexts leave the WAL now (secure_delete zeroes the freed pages of the main file).
  truncateWal(ctx.db);
}
