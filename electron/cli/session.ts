// Finding and unlocking the vault for one command.
import path from 'node:path';
import { KeyholdError } from '../../shared/errors.ts';
import type { OriginInfo } from '../../shared/model.ts';
import type { VaultApi } from '../vault/api.ts';
import { defaultVaultPath } from '../vault/default-path.ts';
import { Vault } from '../vault/index.ts';
import { readMasterPassword } from './password.ts';

/** `--vault PATH` > `KEYHOLD_VAULT` > the desktop app's folder. */
export function resolveVaultPath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return path.resolve(flag);
  if (env.KEYHOLD_VAULT) return path.resolve(env.KEYHOLD_VAULT);
  return defaultVaultPath(env);
}

export function noVault(vaultPath: string): KeyholdError {
  return new KeyholdError('NO_VAULT', `No vault at ${vaultPath}. Create one with 'keyhold init', or choose another with --vault or KEYHOLD_VAULT.`);
}

/**
 * Opens the vault at `vaultPath`, still locked, after checking the unlock throttle: a user who
 * must wait is told so before typing a password that would be refused anyway. The caller closes it.
 */
export function openLocked(vaultPath: string): VaultApi {
  if (!Vault.exists(vaultPath)) throw noVault(vaultPath);
  const vault = Vault.open(vaultPath);
  const { retryAfterMs } = vault.throttleStatus();
  if (retryAfterMs > 0) {
    vault.close();
    throw new KeyholdError('THROTTLED', 'Too many wrong passwords.', { retryAfterMs });
  }
  return vault;
}

/**
 * Opens the vault at `vaultPath` and unlocks it with the master password. The caller closes it.
 * The command is one write transaction: the unlock's, the reads' and the lock's audit entries
 * wait and are committed together by close() (or with the command's own change, if it makes one).
 */
export async function openUnlocked(vaultPath: string, origin: OriginInfo, env: NodeJS.ProcessEnv): Promise<VaultApi> {
  const vault = openLocked(vaultPath);
  try {
    vault.deferAudit();
    const password = await readMasterPassword(env);
    await vault.unlock(password, origin);
    return vault;
  } catch (e) {
    vault.close();
    throw e;
  }
}
