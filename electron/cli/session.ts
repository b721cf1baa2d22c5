// Finding and unlocking the vault for one command. The vault code (SQLite, Argon2) is imported
// only here and only when a command opens the file itself, so commands served by the agent
// never load it.
import { KeyholdError } from '../../shared/errors.ts';
import type { OriginInfo } from '../../shared/model.ts';
import type { VaultApi } from '../vault/api.ts';
import { readMasterPassword } from './password.ts';
import { noVault } from './vault-path.ts';

export { noVault, resolveVaultPath } from './vault-path.ts';

/**
 * Opens the vault at `vaultPath`, still locked, after checking the unlock throttle: a user who
 * must wait is told so before typing a password that would be refused anyway. The caller closes it.
 */
export async function openLocked(vaultPath: string): Promise<VaultApi> {
  const { Vault } = await import('../vault/index.ts');
  if (!Vault.exists(vaultPath)) throw noVault(vaultPath);
  const vault = Vault.open(vaultPath);
  const { retryAfterMs } = vault.throttleStatus();
  if (retryAfterMs > 0) {
    vault.close();
    throw new KeyholdError('THROTTLED', 'Too many wrong passwords.', { retryAfterMs });
  }
  return vault;
}

/** Opens the vault at `vaultPath` and unlocks it with the master password. The caller closes it. */
export async function openUnlocked(vaultPath: string, origin: OriginInfo, env: NodeJS.ProcessEnv): Promise<VaultApi> {
  const vault = await openLocked(vaultPath);
  try {
    const password = await readMasterPassword(env);
    await vault.unlock(password, origin);
    return vault;
  } catch (e) {
    vault.close();
    throw e;
  }
}
