// keyhold backup FILE: a consistent, verified copy of the vault, still sealed under the same
// master password (mode 0600). It can be taken while the desktop app or other commands write.
// --keep-daily N sets how many automatic daily backups are kept (the setting the desktop's
// Settings shows; it lives in the vault, so both follow it).
import path from 'node:path';
import { optString, vaultOption, type Command } from '../command.ts';
import { UsageError } from '../exit-codes.ts';
import { localTime } from '../format.ts';
import { withFileVault } from '../file-vault.ts';
import { saveSettings } from '../../app/settings.ts';

/** 0 to 100, like Settings' field. */
function parseKeep(text: string): number {
  if (!/^\d{1,3}$/.test(text.trim()) || Number(text) > 100) throw new UsageError('--keep-daily takes a whole number from 0 (no automatic backups) to 100');
  return Number(text);
}

export const backupCommand: Command = {
  name: 'backup',
  summary: 'Write a verified copy of the vault to FILE (restore it with keyhold restore FILE)',
  usage: 'keyhold backup FILE | keyhold backup --keep-daily N',
  details: `
The copy is taken with SQLite's online backup API, so it is consistent even while other
Keyhold processes write. It stays encrypted under the same master password, is written
with mode 0600, and is opened and checked (every record and the audit chain) before the
command reports success. An existing FILE is never replaced.

Automatic backups: after an unlock (a command that asks for the master password, 'keyhold
unlock', or the desktop app), at most once a day, Keyhold writes VAULT.backup-TIME.keyhold
beside the vault and keeps the newest N (default 7). --keep-daily N changes N for the CLI
and the desktop app alike; 0 turns them off (existing ones are left alone).`,
  options: {
    ...vaultOption,
    'keep-daily': { type: 'string', valueName: 'N', help: 'how many automatic daily backups to keep beside the vault (0 = none; default 7)' },
  },
  args: { min: 0, max: 1 },
  async run(ctx) {
    const keepText = optString(ctx.opts, 'keep-daily');
    const keep = keepText === undefined ? undefined : parseKeep(keepText);
    const arg = ctx.args[0];
    if (arg === undefined && keep === undefined) throw new UsageError("say where to write the backup: 'keyhold backup FILE' (or set the automatic ones with --keep-daily N)");
    const file = arg === undefined ? null : path.resolve(arg);
    // One unlock for both (a terminal asks for the password once).
    const s = await withFileVault(ctx, async (vault) => {
      if (keep !== undefined) saveSettings(vault, { backupKeep: keep }, ctx.origin);
      return file === null ? null : vault.backupTo(file);
    });
    if (keep !== undefined) {
      ctx.info(keep === 0
        ? 'Automatic backups are off (existing ones are kept).'
        : `Automatic backups: the newest ${keep} kept beside ${ctx.vaultPath}, one a day at most, taken after an unlock.`);
    }
    if (!s || file === null) return;
    ctx.info(`Wrote ${file}: ${s.credentials} credential${s.credentials === 1 ? '' : 's'} (+${s.trashed} in the trash), ${s.auditEntries} audit entries; verified ${s.recordsChecked} records.`);
    if (s.newestChange) ctx.info(`Newest change in it: ${localTime(s.newestChange)}.`);
  },
};
