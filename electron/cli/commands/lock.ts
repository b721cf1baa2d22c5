// keyhold lock: lock the agent (or the desktop app) serving this vault.
import { AgentConnection } from '../../agent/client.ts';
import { vaultOption, type Command } from '../command.ts';

export const lockCommand: Command = {
  name: 'lock',
  summary: 'Lock the agent or desktop app serving the vault',
  usage: 'keyhold lock',
  details: `
Zeroes the keys held by 'keyhold agent' (which then exits), or locks the desktop app when it
serves the vault; either way CLI access ends at once.`,
  options: { ...vaultOption },
  args: { min: 0, max: 0 },
  async run(ctx) {
    const conn = await AgentConnection.open(ctx.vaultPath, ctx.env);
    if (!conn) {
      ctx.info(`Nothing to lock: no agent serves ${ctx.vaultPath}.`);
      return 0;
    }
    try {
      const { server, state } = conn.status;
      if (state === 'unlocked') conn.request({ type: 'lock', command: 'lock' });
      ctx.info(server === 'desktop' ? 'Locked the desktop app.' : 'Locked.');
    } finally {
      conn.close();
    }
  },
};
