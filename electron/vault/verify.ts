// Full integrity check of an unlocked vault: every sealed row, the pairing of credential and
// secret rows, the audit chain, and credentials the audit trail says must exist.
import type { VerifyReport } from '../../shared/model.ts';
import { openRecord, type RawRecord } from './records.ts';
import { verifyAudit } from './audit.ts';
import { requireKeys, sealCtx, type VaultContext } from './context.ts';
import { readTransaction } from './transaction.ts';
import { CRED_KIND, SECRET_KIND, credentialIdOfSecret, secretId } from './credential-records.ts';

/** Reports every problem found; never stops at the first. */
export function verifyVault(ctx: VaultContext): VerifyReport {
  return readTransaction(ctx, () => {
    const seal = sealCtx(ctx);
    const failures: VerifyReport['failures'] = [];
    const rows = ctx.db.prepare('SELECT id, kind, version, blob FROM records ORDER BY id').all() as RawRecord[];
    const present = new Set<string>();
    for (const row of rows) {
      present.add(row.id);
      if (openRecord(seal, row) === null) failures.push({ id: row.id, kind: row.kind, reason: 'authentication failed (modified, damaged or moved from another row)' });
    }
    for (const row of rows) {
      if (row.kind === CRED_KIND && !present.has(secretId(row.id))) failures.push({ id: row.id, kind: row.kind, reason: 'its secret record is missing' });
      if (row.kind === SECRET_KIND && !present.has(credentialIdOfSecret(row.id))) failures.push({ id: row.id, kind: row.kind, reason: 'its credential record is missing' });
    }
    const audit = verifyAudit(seal, requireKeys(ctx).auditKey);
    // The sealed chain says which credentials exist: a credential created and never purged
    // whose rows are gone was deleted behind Keyhold's back.
    const alive = new Map<string, number>();
    for (const e of audit.readable) {
      if (!e.credentialId) continue;
      if (e.action === 'create') alive.set(e.credentialId, e.seq);
      if (e.action === 'purge') alive.delete(e.credentialId);
    }
    for (const [id, seq] of alive) {
      if (!present.has(id)) failures.push({ id, kind: CRED_KIND, reason: `missing: created (audit record ${seq}) and never purged` });
    }
    const ok = failures.length === 0 && audit.ok;
    return { ok, recordsChecked: rows.length, failures, audit: { ok: audit.ok, entries: audit.entries, problems: audit.problems } };
  });
}

/** Only the audit trail's hash chain: what the audit view shows, without decrypting every record. */
export function verifyAuditTrail(ctx: VaultContext): VerifyReport['audit'] {
  return readTransaction(ctx, () => {
    const { ok, entries, problems } = verifyAudit(sealCtx(ctx), requireKeys(ctx).auditKey);
    return { ok, entries, problems };
  });
}
