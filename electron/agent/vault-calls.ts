// Runs one `call` request against an unlocked vault: validates the arguments with the method's
// schema, puts the agent's origin (with the asking process) where the method takes one, calls it.
import { KeyholdError } from '../../shared/errors.ts';
import type { OriginInfo } from '../../shared/model.ts';
import type { VaultApi } from '../vault/api.ts';
import { VAULT_METHODS, type VaultMethod } from './protocol.ts';

export function callVault(vault: VaultApi, method: VaultMethod, rawArgs: unknown[], origin: OriginInfo): unknown {
  const spec = VAULT_METHODS[method];
  const parsed = spec.args.safeParse(rawArgs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? ` (argument ${issue.path.map(String).join('.')})` : '';
    throw new KeyholdError('INVALID_INPUT', `Invalid arguments for ${method}${where}: ${issue?.message ?? 'rejected'}.`);
  }
  const args = [...(parsed.data as unknown[])];
  if ('originAt' in spec && spec.originAt !== undefined) args[spec.originAt] = origin;
  return (vault[method] as (...a: unknown[]) => unknown).apply(vault, args);
}

/** Whether the method hands out a secret value (the desktop app asks before it does). */
export function readsValue(method: VaultMethod): boolean {
  const spec = VAULT_METHODS[method];
  return 'readsValue' in spec && spec.readsValue === true;
}
