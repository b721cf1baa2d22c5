// Which vault a command means.
import path from 'node:path';
import { KeyholdError } from '../../shared/errors.ts';
import { defaultVaultPath } from '../vault/default-path.ts';

/** `--vault PATH` > `KEYHOLD_VAULT` > the desktop app's folder. */
export function resolveVaultPath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return path.resolve(flag);
  if (env.KEYHOLD_VAULT) return path.resolve(env.KEYHOLD_VAULT);
  return defaultVaultPath(env);
}

export function noVault(vaultPath: string): KeyholdError {
  return new KeyholdError('NO_VAULT', `No vault at ${vaultPath}. Create one with 'keyhold init', or choose another with --vault or KEYHOLD_VAULT.`);
}
