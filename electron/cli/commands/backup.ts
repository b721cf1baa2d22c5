// keyhold backup FILE: a consistent, verified copy of the vault, still sealed under the same
// master password (mode 0600). It can be taken while the desktop app or other commands write.
import path from 'node:path';
import { vaultOption, type Command } from '../command.ts';
import { localTime } from '../format.ts';
import { withFileVault } from '../file-vault.ts';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'Write a verified copy of the vault to FILE (restore it with keyhold restore FILE)',
  usage: 'keyhold backup FILE',
  details: `
The copy is taken with SQLite's online backup API, so it is consistent even while other
Keyhold processes write. It stays encrypted under the same master password, is written
with mode 0600, and is opened and checked (every record and the audit chain) before the
command reports success. An existing FILE is never replaced. The desktop app also keeps
rolling backups by itself (Settings).`,
  options: { ...vaultOption },
  args: { min: 1, max: 1 },
  async run(ctx) {
    const file = path.resolve(ctx.args[0]!);
    const s = await withFileVault(ctx, (vault) => vault.backupTo(file));
    ctx.info(`Wrote ${file}: ${s.credentials} credential${s.credentials === 1 ? '' : 's'} (+${s.trashed} in the trash), ${s.auditEntries} audit entries; verified ${s.recordsChecked} records.`);
    if (s.newestChange) ctx.info(`Newest change in it: ${localTime(s.newestChange)}.`);
  },
};
