// keyhold history NAME: the versions of a credential's value (dates and reasons, never values).
import { jsonOption, optFlag, vaultOption, type Command } from '../command.ts';
import { localTime, relativeTime, table } from '../format.ts';
import { findLive } from '../lookup.ts';

export const historyCommand: Command = {
  name: 'history',
  summary: "List the versions of a credential's value (never the values)",
  usage: 'keyhold history NAME [--json]',
  details: `
Read a previous value with 'keyhold get NAME --version N' (recorded in the audit trail).`,
  options: { ...vaultOption, ...jsonOption },
  args: { min: 1, max: 1 },
  async run(ctx) {
    const vault = await ctx.unlock();
    const meta = findLive(vault, ctx.args[0]!);
    const entries = vault.history(meta.id); // newest first
    if (optFlag(ctx.opts, 'json')) {
      const current = { valueVersion: meta.valueVersion, createdAt: meta.valueUpdatedAt };
      ctx.out(JSON.stringify({ name: meta.name, id: meta.id, current, previous: entries }, null, 2) + '\n');
      return;
    }
    const now = ctx.now();
    const set = (iso: string) => `${localTime(iso)} (${relativeTime(iso, now)})`;
    ctx.out(table(['VERSION', 'SET', 'REPLACED', 'REASON'], [
      [`${meta.valueVersion} (current)`, set(meta.valueUpdatedAt), '-', '-'],
      ...entries.map((h) => [String(h.valueVersion), set(h.createdAt), set(h.replacedAt), h.reason || '-']),
    ]));
  },
};
