// Finding a credential by name or id where the plain `vault.get` is not precise enough. Each
// looks up one credential (the vault's name index), so a command on one credential costs the
// same at any vault size.
import { KeyholdError } from '../../shared/errors.ts';
import type { CredentialMeta } from '../../shared/model.ts';
import type { VaultApi } from '../vault/api.ts';
import { shellQuote } from './quote.ts';
import { suggest } from './suggest.ts';
import { terminalSafe as safe } from '../../shared/text.ts';

/** The credential with this id or name, trashed or not; undefined when there is none. */
function lookUp(vault: VaultApi, ref: string): CredentialMeta | undefined {
  try {
    return vault.get(ref);
  } catch (e) {
    if (e instanceof KeyholdError && e.code === 'NOT_FOUND') return undefined;
    throw e;
  }
}

/** A credential in the trash, by name or id. */
export function findInTrash(vault: VaultApi, ref: string): CredentialMeta {
  const hit = lookUp(vault, ref);
  if (hit && hit.trashedAt !== null) return hit;
  if (hit) throw new KeyholdError('INVALID_INPUT', `${safe(hit.name)} is not in the trash (move it there with: keyhold rm ${shellQuote(hit.name)}).`);
  throw new KeyholdError('NOT_FOUND', `No credential named ${safe(ref)} in the trash.${didYouMean(ref, vault.list({ scope: 'trash' }))}`);
}

/** A credential outside the trash, by name or id. */
export function findLive(vault: VaultApi, ref: string): CredentialMeta {
  const hit = lookUp(vault, ref);
  if (hit && hit.trashedAt === null) return hit;
  if (hit) throw new KeyholdError('NOT_FOUND', `${safe(hit.name)} is in the trash (bring it back with: keyhold restore ${shellQuote(hit.name)}).`);
  throw new KeyholdError('NOT_FOUND', `No credential named ${safe(ref)}.${didYouMean(ref, vault.list({ scope: 'active' }))}`);
}

/** A credential by name or id, in the trash or not (for commands that describe either). */
export function findAny(vault: VaultApi, ref: string): CredentialMeta {
  const hit = lookUp(vault, ref);
  if (hit) return hit;
  throw new KeyholdError('NOT_FOUND', `No credential named ${safe(ref)}.${didYouMean(ref, vault.list({ scope: 'all' }))}`);
}

/** " Did you mean stripe/prod?" for a mistyped name, or nothing. */
export function didYouMean(ref: string, candidates: CredentialMeta[]): string {
  const near = suggest(ref, candidates.map((m) => m.name));
  return near === undefined ? '' : ` Did you mean ${shellQuote(near)}?`;
}

/** True when a credential (in the trash or not) already has this name. */
export function nameTaken(vault: VaultApi, name: string): boolean {
  const hit = lookUp(vault, name);
  return hit !== undefined && hit.name.normalize('NFC') === name.normalize('NFC');
}
