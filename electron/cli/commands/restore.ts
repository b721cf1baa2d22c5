// keyhold restore NAME: bring a credential back from the trash.
// keyhold restore FILE: replace the vault with a backup (see restoreBackup below).
//
// Which one: `--trash` or `--backup` says it; without either, an argument naming an existing
// file is a backup and anything else a credential name, as before. A file argument that is
// also the name of a trashed credential is refused as ambiguous, so a script that restores
// from the trash can never replace the vault by accident.
import fs from 'node:fs';
import path from 'node:path';
import { KeyholdError } from '../../../shared/errors.ts';
import type { VaultSummary } from '../../vault/api.ts';
import { optFlag, optString, vaultOption, type Command, type CommandContext } from '../command.ts';
import { UsageError } from '../exit-codes.ts';
import { readFirstLine } from '../first-line.ts';
import { localTime, table } from '../format.ts';
import { findInTrash } from '../lookup.ts';
import { readMasterPassword } from '../password.ts';
import { openLocked } from '../session.ts';
import { confirm, terminal } from '../terminal.ts';
import { checkName } from './add.ts';

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Bring a credential back from the trash, or replace the vault with a backup FILE',
  usage: 'keyhold restore NAME [--as NEW]          (from the trash)\nkeyhold restore FILE [--yes]            (from a backup made by keyhold backup)',
  details: `
An argument that names an existing file is a backup; anything else is a credential in the
trash. --trash or --backup say it explicitly; a file whose name is also a trashed
credential's is refused until you choose.

Restoring a backup: the backup is opened with the master password (--backup-password-file
when it predates a password change), every record and the audit chain are checked, and it
must be a backup of this vault. You see what it holds next to the current vault and confirm
(--yes without a terminal). The vault is then replaced in one step and the replaced file is
kept beside it as VAULT.replaced-TIME. A tampered, truncated or foreign backup is refused and
the vault is left exactly as it was. Close the desktop app first.`,
  options: {
    ...vaultOption,
    as: { type: 'string', valueName: 'NEW', help: 'from the trash: restore under another name (when NAME is taken again)' },
    trash: { type: 'boolean', help: 'the argument is a credential name in the trash' },
    backup: { type: 'boolean', help: 'the argument is a backup file' },
    yes: { type: 'boolean', short: 'y', help: 'backup: replace the vault without asking' },
    'backup-password-file': { type: 'string', valueName: 'FILE', help: "backup: its master password, if not the vault's current one (first line of FILE)" },
  },
  args: { min: 1, max: 1 },
  async run(ctx) {
    const arg = ctx.args[0]!;
    if (optFlag(ctx.opts, 'trash') && optFlag(ctx.opts, 'backup')) throw new UsageError('use either --trash or --backup, not both');
    const isFile = fs.existsSync(arg) && fs.statSync(arg).isFile();
    const asBackup = optFlag(ctx.opts, 'backup') || (!optFlag(ctx.opts, 'trash') && isFile);
    if (!asBackup) return restoreFromTrash(ctx, arg);
    if (optString(ctx.opts, 'as') !== undefined) throw new UsageError('--as goes with restoring from the trash, not with a backup');
    return restoreBackup(ctx, arg, !optFlag(ctx.opts, 'backup'));
  },
};

async function restoreFromTrash(ctx: CommandContext, name: string): Promise<number> {
  for (const o of ['yes', 'backup-password-file']) if (ctx.opts[o] !== undefined) throw new UsageError(`--${o} goes with restoring a backup FILE`);
  const newName = optString(ctx.opts, 'as');
  if (newName !== undefined) checkName(newName);
  const vault = await ctx.unlock();
  const meta = findInTrash(vault, name);
  const restored = vault.restore(meta.id, ctx.origin, newName);
  ctx.info(`Restored ${restored.name}${restored.status !== 'active' ? ` (status: ${restored.status})` : ''}.`);
  return 0;
}

async function currentVaultId(vaultPath: string): Promise<string | null> {
  if (!fs.existsSync(vaultPath)) return null;
  const v = await openLocked(vaultPath);
  try {
    return v.vaultId;
  } finally {
    v.close();
  }
}

async function restoreBackup(ctx: CommandContext, arg: string, implicit: boolean): Promise<number> {
  const file = path.resolve(arg);
  const expected = await currentVaultId(ctx.vaultPath);
  // The vault code loads only for this form (commands served by the agent never load it).
  const { stageRestore } = await import('../../vault/index.ts');
  const password = await readMasterPassword(ctx.env);
  const backupPwFile = optString(ctx.opts, 'backup-password-file');
  const backupPassword = backupPwFile === undefined ? password : readFirstLine(backupPwFile, `--backup-password-file (${backupPwFile})`);
  // Everything about the backup is checked on a copy before the vault is opened at all.
  const staged = await stageRestore(file, ctx.vaultPath, backupPassword, expected, ctx.origin).catch((e: unknown) => {
    if (implicit && e instanceof KeyholdError && /is not a Keyhold vault backup/.test(e.message)) {
      throw new KeyholdError(e.code, `${e.message} To restore a credential of that name from the trash, add --trash.`);
    }
    throw e;
  });
  try {
    let current: VaultSummary | null = null;
    if (expected !== null) {
      const vault = await openLocked(ctx.vaultPath);
      try {
        await vault.unlock(password, ctx.origin);
        if (implicit && vault.list({ scope: 'trash' }).some((m) => m.name === arg)) {
          throw new UsageError(`'${arg}' is both a file and a credential in the trash: say which with --backup or --trash`);
        }
        current = vault.summary();
      } finally {
        vault.close();
      }
    }
    ctx.info(comparison(file, staged.backup, current, ctx.vaultPath));
    if (!optFlag(ctx.opts, 'yes')) {
      const term = terminal();
      if (!term) throw new UsageError('nothing changed: confirm with --yes when there is no terminal');
      if (!(await confirm(term, current ? 'Replace the current vault with this backup?' : 'Install this backup as the vault?'))) throw new KeyholdError('CANCELLED', 'Cancelled: the vault is unchanged.');
    }
  } catch (e) {
    staged.discard();
    throw e;
  }
  const aside = staged.commit();
  ctx.info(`Restored ${ctx.vaultPath} from ${file}.${aside ? ` The replaced vault is kept at ${aside}.` : ''}`);
  return 0;
}

function comparison(file: string, backup: VaultSummary, current: VaultSummary | null, vaultPath: string): string {
  const row = (label: string, s: VaultSummary) => [label, String(s.credentials), String(s.trashed), s.newestChange ? localTime(s.newestChange) : '-'];
  const rows = [row(`backup ${file}`, backup)];
  if (current) rows.push(row(`current ${vaultPath}`, current));
  const note = current && backup.newestChange && current.newestChange && current.newestChange > backup.newestChange
    ? '\nThe current vault has changes newer than the backup: they will be lost (the replaced file is kept aside).' : '';
  return `The backup verifies: every record and the audit chain are intact.\n${table(['', 'CREDENTIALS', 'IN TRASH', 'NEWEST CHANGE'], rows).trimEnd()}${note}`;
}
