// Backups of an unlocked vault: a consistent copy taken with SQLite's online backup API while
// other processes may be writing, checked record by record with this session's keys before it
// is linked into place under its final name. The copy stays sealed under the same master password.
import { closeSync, chmodSync, existsSync, linkSync, openSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { VaultSummary } from './api.ts';
import type { CredentialMeta } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { connect, mapStorageError } from './db.ts';
import { readVaultId } from './header.ts';
import { requireKeys, type VaultContext } from './context.ts';
import { CredentialIndex } from './credential-index.ts';
import { Manifest } from './manifest.ts';
import { verifyVault } from './verify.ts';
import { readTransaction } from './transaction.ts';

/** Counts and the newest change, to compare a backup with the vault it would replace. */
export function summarize(ctx: VaultContext): VaultSummary {
  return readTransaction(ctx, () => summaryOf(ctx.index.all(ctx), ctx.vaultId));
}

function summaryOf(metas: CredentialMeta[], vaultId: string): VaultSummary {
  let newest: string | null = null;
  let trashed = 0;
  for (const m of metas) {
    if (m.trashedAt !== null) trashed++;
    if (newest === null || m.updatedAt > newest) newest = m.updatedAt;
  }
  return { vaultId, credentials: metas.length - trashed, trashed, newestChange: newest };
}

/** Writes a verified copy of the vault to `dest` (mode 0600). An existing file is never replaced. */
export async function backupVault(ctx: VaultContext, dest: string): Promise<VaultSummary & { recordsChecked: number; auditEntries: number }> {
  requireKeys(ctx);
  const target = resolve(dest);
  if (existsSync(target)) throw new KeyholdError('ALREADY_EXISTS', `${target} already exists: choose another file name (nothing is overwritten).`);
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    closeSync(openSync(tmp, 'wx', 0o600));
    // The online backup restarts by itself when another connection writes meanwhile, so the
    // copy is one consistent snapshot.
    await ctx.db.backup(tmp);
    chmodSync(tmp, 0o600);
    const checked = verifyCopy(ctx, tmp);
    try {
      linkSync(tmp, target);
    } catch (e) {
      if ((e as { code?: string }).code === 'EEXIST') throw new KeyholdError('ALREADY_EXISTS', `${target} already exists: choose another file name (nothing is overwritten).`);
      throw e;
    }
    return checked;
  } catch (e) {
    throw mapStorageError(e);
  } finally {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) {
      try {
        unlinkSync(f);
      } catch {
        // not there: fine
      }
    }
  }
}

/** Opens the copy with this session's keys and checks every record and the audit chain. */
function verifyCopy(ctx: VaultContext, file: string): VaultSummary & { recordsChecked: number; auditEntries: number } {
  const db = connect(file, { allowFresh: false });
  const keys = requireKeys(ctx);
  const copyKeys = { vaultKey: Buffer.from(keys.vaultKey), recordKey: Buffer.from(keys.recordKey), auditKey: Buffer.from(keys.auditKey), docIdKey: Buffer.from(keys.docIdKey), nameKey: Buffer.from(keys.nameKey) };
  try {
    if (readVaultId(db) !== ctx.vaultId) throw new KeyholdError('INTEGRITY', 'The backup copy does not hold this vault. It was not kept.');
    const copy: VaultContext = {
      db, vaultId: ctx.vaultId, clock: ctx.clock, index: new CredentialIndex(), manifest: new Manifest(), cachedDataVersion: -1, deferred: null, bulk: false,
      keys: copyKeys, sessionOrigin: null, closed: false,
    };
    const report = verifyVault(copy);
    if (!report.ok) throw new KeyholdError('INTEGRITY', `The backup copy failed verification (${report.failures.length} bad records, audit chain ${report.audit.ok ? 'ok' : 'broken'}). It was not kept.`);
    return { ...summaryOf(readTransaction(copy, () => copy.index.all(copy)), ctx.vaultId), recordsChecked: report.recordsChecked, auditEntries: report.audit.entries };
  } finally {
    for (const b of Object.values(copyKeys)) b.fill(0);
    db.close();
  }
}
