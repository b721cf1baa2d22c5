// The vault file itself, unlocked, for commands that move many credentials at once (import,
// migrate, export, backup). When an agent (or the desktop app) serves the vault, ctx.unlock()
// gives a proxy that answers one approved request at a time; these commands open the file
// directly instead (SQLite lets both write it; the app notices the change), asking for the
// master password as usual (and take the daily automatic backup when one is due).
import type { CommandContext } from './command.ts';
import type { VaultApi } from '../vault/api.ts';
import { openUnlocked } from './session.ts';
import { autoBackup } from './auto-backup.ts';

export async function withFileVault<T>(ctx: CommandContext, work: (vault: VaultApi) => Promise<T>): Promise<T> {
  const served = await ctx.unlock();
  if (!('connection' in served)) return work(served);
  const vault = await openUnlocked(ctx.vaultPath, ctx.origin, ctx.env, (line) => ctx.info(line));
  try {
    const result = await work(vault);
    await autoBackup(vault, ctx.vaultPath, ctx.now(), (line) => ctx.info(line));
    return result;
  } finally {
    vault.close();
  }
}
