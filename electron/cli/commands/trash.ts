// keyhold trash: list the credentials in the trash.
import { jsonOption, optFlag, vaultOption, type Command } from '../command.ts';
import { relativeTime, table } from '../format.ts';

export const trashCommand: Command = {
  name: 'trash',
  summary: 'List the credentials in the trash',
  usage: 'keyhold trash [--json]',
  options: { ...vaultOption, ...jsonOption },
  args: { min: 0, max: 0 },
  async run(ctx) {
    const vault = await ctx.unlock();
    const items = vault.list({ scope: 'trash' }).sort((a, b) => a.name.localeCompare(b.name));
    if (optFlag(ctx.opts, 'json')) {
      ctx.out(JSON.stringify(items, null, 2) + '\n');
      return;
    }
    if (items.length === 0) {
      ctx.info('The trash is empty.');
      return;
    }
    const now = ctx.now();
    ctx.out(table(['NAME', 'SERVICE', 'ENV', 'STATUS', 'TRASHED'], items.map((m) => [
      m.name, m.service || '-', m.environment, m.status, m.trashedAt ? relativeTime(m.trashedAt, now) : '-',
    ])));
  },
};
