// The needles of sealed credentials (sealed-values.ts). Only the secret rows are needed to start
// matching: they are opened first (on two threads, see ScanPool.openSealed), and the credential
// rows (names, and whether a credential is in the trash) are opened while the workers match.
// Plaintext values live only as long as sealedNeedles() runs.
import { openSealedName, openSealedSecret, type SealedValues } from '../vault/bulk-open.ts';
import { isCompactNeedles, mergeNeedles, NeedleBuilder, type CompactNeedles } from './needles.ts';

export interface SealedNeedles {
  /** Owners numbered by credential within the range (names come from sealedNames()). */
  needles: CompactNeedles;
  /** Per credential of the range: its value versions, and how many of them are too short to search for. */
  versions: Uint32Array;
  short: Uint32Array;
}

/** The needles of credentials `from` to `to` (exclusive) of `set`; a damaged secret row gives none. */
export function sealedNeedles(set: SealedValues, from = 0, to = set.ids.length): SealedNeedles {
  const builder = new NeedleBuilder();
  const versions = new Uint32Array(to - from);
  const short = new Uint32Array(to - from);
  for (let i = from; i < to; i++) {
    const stored = openSealedSecret(set, i);
    if (!stored) continue;
    const [values, skipped] = [builder.values, builder.skippedShort];
    for (const v of stored) builder.add(i - from, v.valueVersion, v.current, v.value);
    versions[i - from] = builder.values - values;
    short[i - from] = builder.skippedShort - skipped;
  }
  return { needles: builder.finish(), versions, short };
}

/** Whether `x` has the shape of SealedNeedles for `count` credentials (it crossed a thread boundary). */
export function isSealedNeedles(x: unknown, count: number): x is SealedNeedles {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Partial<SealedNeedles>;
  return isCompactNeedles(s.needles, count) && s.versions instanceof Uint32Array && s.short instanceof Uint32Array && s.versions.length === count && s.short.length === count;
}

/** Parts for consecutive ranges as one; the parts' needle bytes are zeroed. */
export function mergeSealedNeedles(parts: SealedNeedles[]): SealedNeedles {
  const join = (arrays: Uint32Array[]): Uint32Array => {
    const out = new Uint32Array(arrays.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const a of arrays) {
      out.set(a, at);
      at += a.length;
    }
    return out;
  };
  let first = 0;
  const firsts = parts.map((p) => (first += p.versions.length) - p.versions.length);
  return { needles: mergeNeedles(parts.map((p) => p.needles), firsts), versions: join(parts.map((p) => p.versions)), short: join(parts.map((p) => p.short)) };
}

/** Credentials opened per turn of the event loop, so the scan pool keeps its workers fed meanwhile. */
const NAMES_PER_TURN = 500;

/**
 * Names of credentials `from` to `to` (exclusive); null for one in the trash or whose row fails
 * authentication (its hits are dropped). `yieldEvery`: give the event loop a turn every so many.
 */
export async function sealedNames(set: SealedValues, from = 0, to = set.ids.length, yieldEvery = NAMES_PER_TURN): Promise<(string | null)[]> {
  const names: (string | null)[] = [];
  for (let i = from; i < to; i++) {
    if ((i - from) % yieldEvery === 0 && i > from) await new Promise((resolve) => setImmediate(resolve));
    names.push(openSealedName(set, i));
  }
  return names;
}

/** The same, in one go (a worker thread, which has nothing else to keep running). */
export function sealedNamesNow(set: SealedValues): (string | null)[] {
  return set.ids.map((_, i) => openSealedName(set, i));
}

/** Whether `x` is a list of `count` names (it crossed a thread boundary). */
export function isNameList(x: unknown, count: number): x is (string | null)[] {
  return Array.isArray(x) && x.length === count && x.every((n) => n === null || typeof n === 'string');
}
