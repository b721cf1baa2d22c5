// keyhold status: is the vault unlocked for the CLI, by whom, and until when.
import { AgentConnection } from '../../agent/client.ts';
import type { AgentStatus } from '../../agent/protocol.ts';
import { EXIT_CODES } from '../exit-codes.ts';
import { jsonOption, optFlag, vaultOption, type Command } from '../command.ts';
import { localTime, spanText } from '../format.ts';

function describe(s: AgentStatus, now: number): string {
  const who = s.server === 'desktop' ? 'the desktop app' : 'the agent';
  if (s.state !== 'unlocked') return `Locked (${who}, pid ${s.pid}, is running but locked).\n`;
  const since = s.unlockedAt ? ` since ${localTime(s.unlockedAt)} (${spanText(now - Date.parse(s.unlockedAt))})` : '';
  const limits: string[] = [];
  if (s.idleLockSeconds !== null) limits.push(`after ${spanText(s.idleLockSeconds * 1000)} without a request`);
  if (s.expiresAt) limits.push(`at ${localTime(s.expiresAt)} at the latest`);
  const locks = s.server === 'desktop' ? 'It locks with the desktop app.' : limits.length ? `It locks ${limits.join(', and ')}.` : '';
  return `Unlocked by ${who} (pid ${s.pid})${since}.\n${locks ? locks + '\n' : ''}Vault: ${s.vaultPath}\n`;
}

export const statusCommand: Command = {
  name: 'status',
  summary: 'Say whether the vault is unlocked for the CLI, and by what',
  usage: 'keyhold status [--json]',
  details: `
Never asks for a password. Exit status 0 when unlocked, ${EXIT_CODES.LOCKED} (LOCKED) otherwise.`,
  options: { ...vaultOption, ...jsonOption },
  args: { min: 0, max: 0 },
  async run(ctx) {
    const conn = await AgentConnection.open(ctx.vaultPath, ctx.env);
    const status = conn?.currentStatus() ?? null;
    conn?.close();
    const unlocked = status?.state === 'unlocked';
    if (optFlag(ctx.opts, 'json')) {
      ctx.out(JSON.stringify(status ?? { state: 'locked', server: null, vaultPath: ctx.vaultPath }, null, 2) + '\n');
    } else {
      ctx.out(status ? describe(status, ctx.now()) : `Locked: no agent or desktop app serves ${ctx.vaultPath}. Run 'keyhold unlock'.\n`);
    }
    return unlocked ? 0 : EXIT_CODES.LOCKED;
  },
};
