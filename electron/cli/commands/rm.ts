// keyhold rm NAME: move a credential to the trash (restore or purge later).
import { vaultOption, type Command } from '../command.ts';
import { findLive } from '../lookup.ts';

export const rmCommand: Command = {
  name: 'rm',
  summary: 'Move a credential to the trash',
  usage: 'keyhold rm NAME',
  options: { ...vaultOption },
  args: { min: 1, max: 1 },
  async run(ctx) {
    const vault = await ctx.unlock();
    const meta = findLive(vault, ctx.args[0]!);
    vault.trash(meta.id, ctx.origin);
    ctx.info(`Moved ${meta.name} to the trash. Bring it back with 'keyhold restore ${meta.name}', or delete it for good with 'keyhold purge ${meta.name}'.`);
  },
};
