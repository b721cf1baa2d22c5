// keyhold purge NAME: delete a trashed credential and its history for good.
import { KeyholdError } from '../../../shared/errors.ts';
import { optFlag, vaultOption, type Command } from '../command.ts';
import { UsageError } from '../exit-codes.ts';
import { findInTrash } from '../lookup.ts';
import { confirm, terminal } from '../terminal.ts';

export const purgeCommand: Command = {
  name: 'purge',
  summary: 'Delete a credential in the trash for good, with its history',
  usage: 'keyhold purge NAME [--yes]',
  details: `
Only credentials in the trash can be purged ('keyhold rm' first). Asks for confirmation on
a terminal; elsewhere --yes is required. The audit trail keeps its records of the credential.`,
  options: { ...vaultOption, yes: { type: 'boolean', short: 'y', help: 'do not ask for confirmation' } },
  args: { min: 1, max: 1 },
  async run(ctx) {
    const yes = optFlag(ctx.opts, 'yes');
    const term = yes ? null : terminal();
    if (!yes && !term) throw new UsageError('purge deletes for good: confirm on a terminal, or pass --yes');
    const vault = await ctx.unlock();
    const meta = findInTrash(vault, ctx.args[0]!);
    if (term) {
      const previous = meta.valueVersion - 1;
      const what = previous > 0 ? ` and its ${previous} previous value${previous === 1 ? '' : 's'}` : '';
      if (!(await confirm(term, `Delete ${meta.name}${what} for good? This cannot be undone.`))) {
        throw new KeyholdError('CANCELLED', 'Nothing was purged.');
      }
    }
    vault.purge(meta.id, ctx.origin);
    ctx.info(`Purged ${meta.name}.`);
  },
};
