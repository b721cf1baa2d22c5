// The CLI's side of the agent: is one unlocked for this vault, and if so a VaultApi through it.
import { AgentConnection } from '../agent/client.ts';
import type { RemoteVault } from '../agent/remote-vault.ts';

/** Set KEYHOLD_NO_AGENT=1 to make a command open the vault file itself. */
export function agentDisabled(env: NodeJS.ProcessEnv): boolean {
  return env.KEYHOLD_NO_AGENT === '1';
}

/** The vault through the agent when one is unlocked for `vaultPath`; null otherwise (never prompts). */
export async function agentVault(vaultPath: string, env: NodeJS.ProcessEnv, command: string): Promise<RemoteVault | null> {
  if (agentDisabled(env)) return null;
  const conn = await AgentConnection.open(vaultPath, env);
  if (!conn) return null;
  if (conn.status.state !== 'unlocked') {
    conn.close();
    return null;
  }
  // The protocol's full schemas load only once an agent is there to answer.
  const { RemoteVault } = await import('../agent/remote-vault.ts');
  return new RemoteVault(conn, command);
}
