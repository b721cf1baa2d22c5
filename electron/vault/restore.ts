// Restoring a vault from a backup file. The backup is first copied beside the vault and checked
// there (opens with the password, every record and the audit chain verify, it is this vault or
// there is none yet); only then is the vault replaced, by one rename, with the replaced file
// kept aside under a new name. Until commit() nothing at the vault's path is touched.
import { closeSync, copyFileSync, constants, existsSync, linkSync, mkdirSync, openSync, readSync, renameSync, statSync, unlinkSync, chmodSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SqliteDatabase } from './natives.ts';
import type { VaultSummary } from './api.ts';
import type { OriginInfo, VerifyReport } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { APPLICATION_ID, mapStorageError } from './db.ts';
import { Vault } from './vault.ts';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** True when the file starts like a Keyhold vault (SQLite header with Keyhold's application id). */
export function looksLikeVaultFile(file: string): boolean {
  let fd: number | undefined;
  try {
    if (!statSync(file).isFile()) return false;
    fd = openSync(file, 'r');
    const head = Buffer.alloc(100);
    if (readSync(fd, head, 0, 100, 0) < 100) return false;
    return head.subarray(0, 16).equals(SQLITE_MAGIC) && head.readUInt32BE(68) === APPLICATION_ID;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export interface StagedRestore {
  /** What the backup holds. */
  backup: VaultSummary;
  report: VerifyReport;
  /** Replaces the vault; returns where the replaced file was kept (null when there was none). */
  commit(): string | null;
  /** Removes the staged copy; the vault is untouched. */
  discard(): void;
}

function temps(base: string): string[] {
  return [base, `${base}-wal`, `${base}-shm`, `${base}-journal`];
}

function removeAll(files: string[]): void {
  for (const f of files) {
    try {
      unlinkSync(f);
    } catch {
      // not there: fine
    }
  }
}

/**
 * Checks `backupFile` without touching the vault at `vaultPath`. `expectedVaultId` is the
 * current vault's id (a backup of another vault is refused), or null when there is no vault.
 */
export async function stageRestore(backupFile: string, vaultPath: string, password: string, expectedVaultId: string | null, origin: OriginInfo): Promise<StagedRestore> {
  const source = resolve(backupFile);
  const target = resolve(vaultPath);
  if (!existsSync(source)) throw new KeyholdError('NOT_FOUND', `No file at ${source}`);
  if (source === target) throw new KeyholdError('INVALID_INPUT', 'That file is the vault itself, not a backup of it.');
  if (!looksLikeVaultFile(source)) throw new KeyholdError('INTEGRITY', `${source} is not a Keyhold vault backup. Nothing was changed.`);
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const staged = join(dirname(target), `.${basename(target)}.restore-${randomBytes(6).toString('hex')}.tmp`);
  let vault: Vault | undefined;
  try {
    copyFileSync(source, staged, constants.COPYFILE_EXCL);
    chmodSync(staged, 0o600);
    vault = Vault.open(staged);
    if (expectedVaultId !== null && vault.vaultId !== expectedVaultId) {
      throw new KeyholdError('INTEGRITY', `${source} is a backup of another vault (id ${vault.vaultId}, this one is ${expectedVaultId}). Nothing was changed.`);
    }
    try {
      await vault.unlock(password, origin);
    } catch (e) {
      if (e instanceof KeyholdError && e.code === 'WRONG_PASSWORD') throw new KeyholdError('WRONG_PASSWORD', 'The backup does not open with this master password. Nothing was changed.');
      throw e;
    }
    const report = vault.verify();
    if (!report.ok) {
      throw new KeyholdError('INTEGRITY', `The backup fails its integrity check (${report.failures.length} bad record${report.failures.length === 1 ? '' : 's'}, audit chain ${report.audit.ok ? 'intact' : 'broken'}): it was altered or damaged. Nothing was changed.`);
    }
    const backup = vault.summary();
    const opened = vault;
    return {
      backup,
      report,
      commit: () => {
        opened.close(origin);
        return replaceVault(staged, target);
      },
      discard: () => {
        opened.close(origin);
        removeAll(temps(staged));
      },
    };
  } catch (e) {
    vault?.close();
    removeAll(temps(staged));
    throw mapRestoreError(e, source);
  }
}

function mapRestoreError(e: unknown, source: string): unknown {
  const mapped = mapStorageError(e);
  if (mapped instanceof KeyholdError && mapped.code === 'INTEGRITY' && !/Nothing was changed/.test(mapped.message)) {
    return new KeyholdError('INTEGRITY', `${source} is damaged or truncated, or not a Keyhold vault backup. Nothing was changed.`);
  }
  return mapped;
}

/**
 * Keeps the current vault under `<vault>.replaced-<time>` (a hard link, so the vault's name
 * never goes missing) and renames the staged copy over it in one step.
 */
function replaceVault(staged: string, target: string): string | null {
  let aside: string | null = null;
  try {
    if (existsSync(target)) {
      settleWal(target);
      aside = `${target}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      linkSync(target, aside);
    }
    renameSync(staged, target);
    removeAll([`${target}-wal`, `${target}-shm`].filter((f) => existsSync(f) && statSync(f).size === 0));
    return aside;
  } catch (e) {
    removeAll(temps(staged));
    throw mapStorageError(e);
  }
}

/** Writes the current vault's WAL into the file; refuses while another process has it open. */
function settleWal(target: string): void {
  const db = new SqliteDatabase(target, { fileMustExist: true, timeout: 5000 });
  try {
    const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (row && row.busy !== 0) {
      throw new KeyholdError('IO', 'The vault is open in another Keyhold process (the desktop app?): close it, then restore. Nothing was changed.');
    }
  } finally {
    db.close();
  }
}
