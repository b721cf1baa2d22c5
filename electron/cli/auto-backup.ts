// The automatic rolling backup for the CLI (app/rolling-backup.ts has the rule: at most once a
// day, beside the vault, keep the newest N). Taken after a command that unlocked the vault file
// with the master password, and by the agent once it serves: the same setting as the desktop's,
// stored in the vault (backupKeep). When none is due this costs one directory listing; the
// settings (and zod with them) load only when one is.
import { isKeyholdError } from '../../shared/errors.ts';
import { terminalSafe } from '../../shared/text.ts';
import type { VaultApi } from '../vault/api.ts';
import { backupDue, rollingBackup, type BackupFile } from '../app/rolling-backup.ts';

/** Never throws: a failed backup is a warning line, the command's own result stands. */
export async function autoBackup(vault: VaultApi, vaultPath: string, now: number, warn: (line: string) => void): Promise<BackupFile | null> {
  try {
    if (!vault.isUnlocked() || !backupDue(vaultPath, now)) return null;
    const { loadSettings } = await import('../app/settings.ts');
    return await rollingBackup(vault, vaultPath, loadSettings(vault).backupKeep, now);
  } catch (e) {
    // Two commands at the same moment: the other one took today's backup.
    if (isKeyholdError(e) && e.code === 'ALREADY_EXISTS') return null;
    const why = isKeyholdError(e) ? e.message : 'unexpected error';
    warn(`warning: the automatic daily backup failed (${terminalSafe(why)}); the command itself is done. 'keyhold backup FILE' takes one by hand.`);
    return null;
  }
}
