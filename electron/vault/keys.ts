// The vault key's subkeys, one per job (docs/vault-format.md, "Key hierarchy").
import { subkey } from './crypto.ts';
import type { Keys } from './context.ts';

export function deriveKeys(vaultKey: Buffer, vaultId: string): Keys {
  return {
    vaultKey,
    recordKey: subkey(vaultKey, vaultId, 'record-seal'),
    auditKey: subkey(vaultKey, vaultId, 'audit-mac'),
    docIdKey: subkey(vaultKey, vaultId, 'doc-id'),
    nameKey: subkey(vaultKey, vaultId, 'name-index'),
  };
}

export function wipe(keys: Keys): void {
  for (const b of Object.values(keys)) b.fill(0);
}
