// Upgrading an existing vault to the current schema, at its first unlock with this build, every
// step in the unlock's write transaction (all of it or nothing):
//  - 1 -> 2 adds the name index (a keyed hash of each credential's NFC name, so a lookup by name
//    decrypts one credential) and the sealed manifest (which rows exist at which version); both
//    need the vault key;
//  - 2 -> 3 adds the table of the value snapshot (value-snapshot.ts), empty until first used.
import type { CredentialMeta, OriginInfo } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { seal } from './crypto.ts';
import { applyMigrationSql, needsKeyedUpgrade, SCHEMA_VERSION, stmt, userVersion } from './db.ts';
import { openRecord, rawByKind, recordAad, type RawRecord } from './records.ts';
import { bucketOf, readHeadRow } from './manifest.ts';
import { CRED_KIND } from './row-kinds.ts';
import { nameHash } from './names.ts';
import { nowIso, requireKeys, sealCtx, type VaultContext } from './context.ts';
import { logAction } from './audit-log.ts';

/** Brings an older vault to the current schema; call inside the unlock's write transaction. Does nothing on a current vault. */
export function upgradeIfNeeded(ctx: VaultContext, origin: OriginInfo): void {
  if (!needsKeyedUpgrade(ctx.db)) return;
  const from = userVersion(ctx.db);
  const steps: string[] = [];
  if (from < 2) steps.push(upgradeTo2(ctx));
  if (from < 3) {
    applyMigrationSql(ctx.db, 3, () => nowIso(ctx));
    steps.push('value snapshot table');
  }
  logAction(ctx, 'vault.upgrade', origin, { detail: `format ${from} -> ${SCHEMA_VERSION}: ${steps.join('; ')}` });
}

/** 1 -> 2: the name index and the sealed manifest; says what it did. */
function upgradeTo2(ctx: VaultContext): string {
  const sealing = sealCtx(ctx);
  const legacyHead = readHeadRow(sealing, { legacy: true });
  if (!legacyHead) {
    throw new KeyholdError('INTEGRITY', 'This vault needs a format upgrade, but its audit chain head is missing or damaged, so the upgrade cannot vouch for it. Nothing was changed; restore a backup.');
  }
  applyMigrationSql(ctx.db, 2, () => nowIso(ctx));
  const renamed = indexNames(ctx);
  const buckets = new Map<string, Map<string, number>>();
  for (const row of stmt(ctx.db, 'SELECT id, kind, version FROM records').all() as Pick<RawRecord, 'id' | 'kind' | 'version'>[]) {
    const b = bucketOf(row.kind, row.id);
    if (b === null) continue;
    if (!buckets.has(b)) buckets.set(b, new Map());
    buckets.get(b)!.set(row.id, row.version);
  }
  ctx.manifest.adopt({ seq: legacyHead.seq, mac: legacyHead.mac, buckets: {} }, buckets);
  return `name index and sealed manifest${renamed ? `; ${renamed} credential(s) renamed because their names were the same in Unicode NFC` : ''}`;
}

/**
 * Fills `name_hash` for every readable credential. Version 1 compared names exactly, so two names
 * that differ only in Unicode form (NFD vs NFC) may both exist: the later one gets " (2)" (or the
 * next free number) appended, so no credential becomes unreachable. Damaged rows get no hash;
 * verify reports them.
 */
function indexNames(ctx: VaultContext): number {
  const key = requireKeys(ctx);
  const sealing = sealCtx(ctx);
  const rows = rawByKind(ctx.db, CRED_KIND);
  const metas = rows.map((row) => ({ row, meta: openRecord<CredentialMeta>(sealing, row) }));
  const taken = new Set<string>();
  for (const { meta } of metas) if (meta) taken.add(nameHash(key.nameKey, meta.name).toString('hex'));
  const used = new Set<string>();
  let renamed = 0;
  for (const { row, meta } of metas) {
    if (!meta || meta.id !== row.id) continue;
    let hash = nameHash(key.nameKey, meta.name);
    if (used.has(hash.toString('hex'))) {
      let n = 2;
      let candidate: string;
      do candidate = `${meta.name} (${n++})`;
      while (taken.has(nameHash(key.nameKey, candidate).toString('hex')));
      meta.name = candidate;
      hash = nameHash(key.nameKey, candidate);
      taken.add(hash.toString('hex'));
      const version = row.version + 1;
      const plain = Buffer.from(JSON.stringify(meta), 'utf8');
      const blob = seal(key.recordKey, plain, recordAad(ctx.vaultId, row.id, CRED_KIND, version));
      plain.fill(0);
      stmt(ctx.db, 'UPDATE records SET version = ?, blob = ?, name_hash = ? WHERE id = ?').run(version, blob, hash, row.id);
      renamed++;
    } else {
      stmt(ctx.db, 'UPDATE records SET name_hash = ? WHERE id = ?').run(hash, row.id);
    }
    used.add(hash.toString('hex'));
  }
  return renamed;
}
