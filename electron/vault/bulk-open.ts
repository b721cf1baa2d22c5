// Opening the sealed rows of sealed-values.ts: pure (no database, no Argon2), so a worker thread
// can open its share of the rows while other threads open the rest.
import { open, recordAadEncoder } from './aead.ts';
import { CRED_KIND, SECRET_KIND, secretId } from './row-kinds.ts';

/**
 * Credential i has its credential row at index 2i and its secret row at 2i + 1 of `versions`
 * and `ends` (row r's blob is `blobs[ends[r - 1] ?? 0 .. ends[r]]`).
 */
export interface SealedValues {
  vaultId: string;
  /** A copy of the record key: whoever holds it last zeroes it. */
  key: Uint8Array;
  ids: string[];
  versions: Uint32Array;
  blobs: Uint8Array;
  ends: Uint32Array;
}

export interface StoredVersion {
  valueVersion: number;
  current: boolean;
  value: string;
}

/** Credentials `from` to `to` (exclusive) as a set of their own, on fresh buffers (to hand to another thread). */
export function sliceSealed(set: SealedValues, from: number, to: number): SealedValues {
  const start = from === 0 ? 0 : set.ends[2 * from - 1]!;
  const end = to === 0 ? 0 : set.ends[2 * to - 1]!;
  const ends = set.ends.slice(2 * from, 2 * to);
  for (let i = 0; i < ends.length; i++) ends[i]! -= start;
  return { vaultId: set.vaultId, key: set.key.slice(), ids: set.ids.slice(from, to), versions: set.versions.slice(2 * from, 2 * to), blobs: set.blobs.slice(start, end), ends };
}

/** Whether `x` has the shape of a SealedValues (it crossed a thread boundary). */
export function isSealedValues(x: unknown): x is SealedValues {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Partial<SealedValues>;
  if (typeof s.vaultId !== 'string' || !(s.key instanceof Uint8Array) || s.key.length !== 32 || !Array.isArray(s.ids)) return false;
  if (!(s.versions instanceof Uint32Array) || !(s.ends instanceof Uint32Array) || !(s.blobs instanceof Uint8Array)) return false;
  if (s.versions.length !== 2 * s.ids.length || s.ends.length !== s.versions.length || !s.ids.every((id) => typeof id === 'string')) return false;
  let prev = 0;
  for (const end of s.ends) {
    if (end < prev) return false;
    prev = end;
  }
  return prev <= s.blobs.length;
}

const aadEncoders = new WeakMap<SealedValues, ReturnType<typeof recordAadEncoder>>();

function openRow(set: SealedValues, row: number, id: string, kind: string): unknown {
  let aad = aadEncoders.get(set);
  if (!aad) aadEncoders.set(set, (aad = recordAadEncoder(set.vaultId)));
  const blob = set.blobs.subarray(row === 0 ? 0 : set.ends[row - 1]!, set.ends[row]!);
  const plain = open(set.key, blob, aad(id, kind, set.versions[row]!));
  if (!plain) return null;
  try {
    return JSON.parse(plain.toString('utf8')) as unknown;
  } catch {
    return null;
  } finally {
    plain.fill(0);
  }
}

type Version = { value: string; valueVersion: number };
function isVersion(v: unknown): v is Version {
  return typeof v === 'object' && v !== null && typeof (v as Version).value === 'string' && Number.isInteger((v as Version).valueVersion);
}

/** Credential i's values, current first; null when its secret row fails authentication or does not have the stored shape. */
export function openSealedSecret(set: SealedValues, i: number): StoredVersion[] | null {
  const secret = openRow(set, 2 * i + 1, secretId(set.ids[i]!), SECRET_KIND) as { current?: unknown; previous?: unknown } | null;
  if (!secret || !isVersion(secret.current) || !Array.isArray(secret.previous) || !secret.previous.every(isVersion)) return null;
  const versions = [{ valueVersion: secret.current.valueVersion, current: true, value: secret.current.value }];
  for (const p of secret.previous as Version[]) versions.push({ valueVersion: p.valueVersion, current: false, value: p.value });
  return versions;
}

/** Credential i's name, or null when it is in the trash or its row fails authentication (verify reports those). */
export function openSealedName(set: SealedValues, i: number): string | null {
  const id = set.ids[i]!;
  const meta = openRow(set, 2 * i, id, CRED_KIND) as { id?: unknown; name?: unknown; trashedAt?: unknown } | null;
  return meta && meta.id === id && typeof meta.name === 'string' && meta.trashedAt === null ? meta.name : null;
}
