// The automatic rolling backup: after an unlock, at most once a day, a verified copy of the vault
// beside it (`<vault>.backup-<time>.keyhold`, mode 0600), keeping the newest N (a setting; 0 = off).
// The desktop takes it after its unlock (service.ts), the CLI after a command that unlocked the
// file with the password and when the agent starts (cli/auto-backup.ts): one rule, one setting.
import fs from 'node:fs';
import path from 'node:path';
import type { VaultApi } from '../vault/api.ts';

const DAY = 24 * 60 * 60 * 1000;

export interface BackupFile {
  file: string;
  /** When it was taken (ISO), from its name. */
  at: string;
}

function prefixOf(vaultPath: string): string {
  return `${path.basename(vaultPath).replace(/\.keyhold$/, '')}.backup-`;
}

/** The automatic backups of this vault, newest first. */
export function listBackups(vaultPath: string): BackupFile[] {
  const dir = path.dirname(vaultPath);
  const prefix = prefixOf(vaultPath);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(prefix) && n.endsWith('.keyhold'))
    .map((n) => {
      const stamp = n.slice(prefix.length, -'.keyhold'.length);
      // 2026-12-01T10-15-00-000Z -> 2026-12-01T10:15:00.000Z
      const iso = stamp.replace(/^(\d{4}-\d{2}-\d{2}T\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/, '$1:$2:$3.$4Z');
      return { file: path.join(dir, n), at: iso };
    })
    .filter((b) => !Number.isNaN(Date.parse(b.at)))
    .sort((a, b) => b.at.localeCompare(a.at));
}

/**
 * A backup is due when there is none, or the newest is a day old or more (or dated in the future:
 * a clock that was wrong). One directory listing: cheap enough to ask after every unlock.
 */
export function backupDue(vaultPath: string, now: number): boolean {
  const newest = listBackups(vaultPath)[0];
  return !(newest && now - Date.parse(newest.at) < DAY && Date.parse(newest.at) <= now);
}

/**
 * Takes a backup when one is due (backupDue), then removes the oldest beyond `keep`. Returns
 * the new backup, or null when none was due or keep is 0.
 */
export async function rollingBackup(vault: VaultApi, vaultPath: string, keep: number, now: number): Promise<BackupFile | null> {
  if (keep <= 0) return null;
  if (!backupDue(vaultPath, now)) return null;
  const at = new Date(now).toISOString();
  const file = path.join(path.dirname(vaultPath), `${prefixOf(vaultPath)}${at.replace(/[:.]/g, '-')}.keyhold`);
  await vault.backupTo(file);
  for (const old of listBackups(vaultPath).slice(keep)) fs.rmSync(old.file, { force: true });
  return { file, at };
}
