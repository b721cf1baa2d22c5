// keyhold restore NAME: bring a credential back from the trash.
import { optString, vaultOption, type Command } from '../command.ts';
import { findInTrash } from '../lookup.ts';
import { checkName } from './add.ts';

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Bring a credential back from the trash',
  usage: 'keyhold restore NAME [--as NEW]',
  options: {
    ...vaultOption,
    as: { type: 'string', valueName: 'NEW', help: 'restore under another name (when NAME is taken again)' },
  },
  args: { min: 1, max: 1 },
  async run(ctx) {
    const newName = optString(ctx.opts, 'as');
    if (newName !== undefined) checkName(newName);
    const vault = await ctx.unlock();
    const meta = findInTrash(vault, ctx.args[0]!);
    const restored = vault.restore(meta.id, ctx.origin, newName);
    ctx.info(`Restored ${restored.name}${restored.status !== 'active' ? ` (status: ${restored.status})` : ''}.`);
  },
};
