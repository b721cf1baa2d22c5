// Finding and unlocking the vault for one command. The vault code (SQLite, Argon2) is imported
// only here and only when a command opens the file itself, so commands served by the agent
// never load it.
import { KeyholdError } from '../../shared/errors.ts';
import { isWeakKdf, MIN_KDF, type KdfParams, type OriginInfo } from '../../shared/model.ts';
import type { VaultApi, VaultOptions } from '../vault/api.ts';
import { readMasterPassword } from './password.ts';
import { noVault } from './vault-path.ts';

export { noVault, resolveVaultPath } from './vault-path.ts';

/**
 * Opens the vault at `vaultPath`, still locked, after checking the unlock throttle: a user who
 * must wait is told so before typing a password that would be refused anyway. The caller closes it.
 */
export async function openLocked(vaultPath: string, opts: VaultOptions = {}): Promise<VaultApi> {
  const { Vault } = await import('../vault/index.ts');
  if (!Vault.exists(vaultPath)) throw noVault(vaultPath);
  const vault = Vault.open(vaultPath, opts);
  const { retryAfterMs } = vault.throttleStatus();
  if (retryAfterMs > 0) {
    vault.close();
    throw new KeyholdError('THROTTLED', 'Too many wrong passwords.', { retryAfterMs });
  }
  return vault;
}

/** What the CLI says about a vault whose Argon2 settings are below OWASP's minimum. */
export function weakKdfWarning(kdf: KdfParams): string {
  return `warning: this vault's Argon2 settings (${kdf.memoryCost} KiB, ${kdf.timeCost} pass${kdf.timeCost === 1 ? '' : 'es'}) are below OWASP's minimum (${MIN_KDF.memoryCost} KiB, ${MIN_KDF.timeCost} passes); strengthen them with 'keyhold passwd --argon2-memory 65536 --argon2-passes 3'.`;
}

/**
 * Opens the vault at `vaultPath` and unlocks it with the master password. The caller closes it.
 * A vault with weak Argon2 settings still opens, and `warn` says so. The command is one write
 * transaction: the unlock's, the reads' and the lock's audit entries wait and are committed
 * together by close() (or with the command's own change, if it makes one).
 */
export async function openUnlocked(vaultPath: string, origin: OriginInfo, env: NodeJS.ProcessEnv, warn: (line: string) => void): Promise<VaultApi> {
  const vault = await openLocked(vaultPath);
  try {
    vault.deferAudit();
    const password = await readMasterPassword(env);
    await vault.unlock(password, origin);
    const kdf = vault.kdfParams();
    if (isWeakKdf(kdf)) warn(weakKdfWarning(kdf));
    return vault;
  } catch (e) {
    vault.close();
    throw e;
  }
}
