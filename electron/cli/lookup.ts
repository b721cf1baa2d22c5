// Finding a credential by name or id where the plain `vault.get` is not precise enough.
import { KeyholdError } from '../../shared/errors.ts';
import type { CredentialMeta } from '../../shared/model.ts';
import type { VaultApi } from '../vault/api.ts';
import { shellQuote } from './quote.ts';
import { suggest } from './suggest.ts';
import { terminalSafe as safe } from '../../shared/text.ts';

/** A credential in the trash, by name or id (a live credential may have the same name). */
export function findInTrash(vault: VaultApi, ref: string): CredentialMeta {
  const trashed = vault.list({ scope: 'trash' });
  const hit = trashed.find((m) => m.id === ref) ?? trashed.find((m) => m.name === ref);
  if (hit) return hit;
  const live = vault.list({ scope: 'active' }).find((m) => m.id === ref || m.name === ref);
  if (live) throw new KeyholdError('INVALID_INPUT', `${safe(live.name)} is not in the trash (move it there with: keyhold rm ${shellQuote(live.name)}).`);
  throw new KeyholdError('NOT_FOUND', `No credential named ${safe(ref)} in the trash.${didYouMean(ref, trashed)}`);
}

/** A credential outside the trash, by name or id. */
export function findLive(vault: VaultApi, ref: string): CredentialMeta {
  const live = vault.list({ scope: 'active' });
  const hit = live.find((m) => m.id === ref) ?? live.find((m) => m.name === ref);
  if (hit) return hit;
  const trashed = vault.list({ scope: 'trash' }).find((m) => m.id === ref || m.name === ref);
  if (trashed) throw new KeyholdError('NOT_FOUND', `${safe(trashed.name)} is in the trash (bring it back with: keyhold restore ${shellQuote(trashed.name)}).`);
  throw new KeyholdError('NOT_FOUND', `No credential named ${safe(ref)}.${didYouMean(ref, live)}`);
}

/** " Did you mean stripe/prod?" for a mistyped name, or nothing. */
export function didYouMean(ref: string, candidates: CredentialMeta[]): string {
  const near = suggest(ref, candidates.map((m) => m.name));
  return near === undefined ? '' : ` Did you mean ${shellQuote(near)}?`;
}
