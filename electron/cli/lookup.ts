// Finding a credential by name or id where the plain `vault.get` is not precise enough.
import { KeyholdError } from '../../shared/errors.ts';
import type { CredentialMeta } from '../../shared/model.ts';
import type { VaultApi } from '../vault/api.ts';

/** A credential in the trash, by name or id (a live credential may have the same name). */
export function findInTrash(vault: VaultApi, ref: string): CredentialMeta {
  const trashed = vault.list({ scope: 'trash' });
  const hit = trashed.find((m) => m.id === ref) ?? trashed.find((m) => m.name === ref);
  if (hit) return hit;
  const live = vault.list({ scope: 'active' }).find((m) => m.id === ref || m.name === ref);
  if (live) throw new KeyholdError('INVALID_INPUT', `${live.name} is not in the trash (move it there with 'keyhold rm ${live.name}').`);
  throw new KeyholdError('NOT_FOUND', `No credential named ${ref} in the trash.`);
}

/** A credential outside the trash, by name or id. */
export function findLive(vault: VaultApi, ref: string): CredentialMeta {
  // One keyed lookup first (through the agent: one small request, whatever the vault's size);
  // the listings below only explain a miss or settle a trashed namesake.
  const direct = getOrUndefined(vault, ref);
  if (direct && direct.trashedAt === null) return direct;
  const live = vault.list({ scope: 'active' });
  const hit = live.find((m) => m.id === ref) ?? live.find((m) => m.name === ref);
  if (hit) return hit;
  const trashed = vault.list({ scope: 'trash' }).find((m) => m.id === ref || m.name === ref);
  if (trashed) throw new KeyholdError('NOT_FOUND', `${trashed.name} is in the trash (bring it back with 'keyhold restore ${trashed.name}').`);
  throw new KeyholdError('NOT_FOUND', `No credential named ${ref}.`);
}

function getOrUndefined(vault: VaultApi, ref: string): CredentialMeta | undefined {
  try {
    return vault.get(ref);
  } catch (e) {
    if (e instanceof KeyholdError && e.code === 'NOT_FOUND') return undefined;
    throw e;
  }
}
