// The needles of sealed credentials (sealed-values.ts): opened and turned into needle bytes in
// one go, on whichever thread runs it; the plaintext values live only as long as this call.
import { openSealedCredential, type SealedValues } from '../vault/bulk-open.ts';
import { NeedleBuilder, type NeedleSet } from './needles.ts';

/** The needles of credentials `from` to `to` (exclusive) of `set`; trashed and damaged ones are left out. */
export function sealedNeedles(set: SealedValues, from = 0, to = set.ids.length): NeedleSet {
  const builder = new NeedleBuilder();
  for (let i = from; i < to; i++) {
    const c = openSealedCredential(set, i);
    if (c) for (const v of c.versions) builder.add(c.credentialId, c.name, v.valueVersion, v.current, v.value);
  }
  return builder.finish();
}
