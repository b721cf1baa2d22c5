// keyhold rm NAME: move a credential to the trash (restore or purge later).
import { vaultOption, type Command } from '../command.ts';
import { findLive } from '../lookup.ts';
import { shellQuote } from '../quote.ts';
import { terminalSafe as safe } from '../../../shared/text.ts';

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
    ctx.info(`Moved ${safe(meta.name)} to the trash. Bring it back with: keyhold restore ${shellQuote(meta.name)} (or delete it for good: keyhold purge ${shellQuote(meta.name)}).`);
  },
};
