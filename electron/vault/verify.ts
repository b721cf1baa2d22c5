// Full integrity check of an unlocked vault: every sealed row, the sealed manifest (which rows
// exist at which version), the name index, the pairing of credential and secret rows, the audit
// chain, and credentials the audit trail says must exist.
import type { CredentialMeta, VerifyReport } from '../../shared/model.ts';
import { openRecord, type RawRecord } from './records.ts';
import { verifyAudit } from './audit.ts';
import { manifestProblems } from './manifest.ts';
import { requireKeys, sealCtx, type VaultContext } from './context.ts';
import { readTransaction } from './transaction.ts';
import { CRED_KIND, SECRET_KIND, credentialIdOfSecret, secretId } from './row-kinds.ts';
import { nameHash } from './names.ts';

type Failure = VerifyReport['failures'][number];

/** Reports every problem found, one per row; never stops at the first. */
export function verifyVault(ctx: VaultContext): VerifyReport {
  return readTransaction(ctx, () => {
    const seal = sealCtx(ctx);
    const nameKey = requireKeys(ctx).nameKey;
    const failures: Failure[] = [];
    const failed = new Set<string>();
    const fail = (f: Failure): void => {
      if (failed.has(f.id)) return;
      failed.add(f.id);
      failures.push(f);
    };
    const rows = ctx.db.prepare('SELECT id, kind, version, blob, name_hash FROM records ORDER BY id').all() as (RawRecord & { name_hash: Buffer | null })[];
    const present = new Set<string>();
    for (const row of rows) {
      present.add(row.id);
      const content = openRecord<unknown>(seal, row);
      if (content === null) {
        fail({ id: row.id, kind: row.kind, reason: 'authentication failed (modified, damaged or moved from another row)' });
        continue;
      }
      if (row.kind === CRED_KIND) {
        const name = (content as CredentialMeta).name;
        if (typeof name !== 'string' || !row.name_hash || !nameHash(nameKey, name).equals(row.name_hash)) {
          fail({ id: row.id, kind: row.kind, reason: 'its name index does not match its sealed name (edited)' });
        }
      } else if (row.name_hash !== null) {
        fail({ id: row.id, kind: row.kind, reason: 'carries a name index but is not a credential (edited)' });
      }
    }
    for (const f of manifestProblems(seal, rows)) fail(f);
    for (const row of rows) {
      if (row.kind === CRED_KIND && !present.has(secretId(row.id))) fail({ id: row.id, kind: row.kind, reason: 'its secret record is missing' });
      if (row.kind === SECRET_KIND && !present.has(credentialIdOfSecret(row.id))) fail({ id: row.id, kind: row.kind, reason: 'its credential record is missing' });
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
      if (!present.has(id)) fail({ id, kind: CRED_KIND, reason: `missing: created (audit record ${seq}) and never purged` });
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
