// Exact multi-needle search over bytes, sampled Rabin–Karp style. Needles fall in two tiers by
// length; in each, every occurrence of a needle covers a WINDOW-byte gram that starts at a multiple
// of the tier's STEP (STEP = shortest needle of the tier - WINDOW + 1), so the text is sampled only
// every STEP bytes, and each sample's gram is looked up among every needle's grams at offsets
// 0..STEP-1:
//  - long needles (at least LONG bytes): 8-byte grams, STEP from 13 up to MAX_STEP;
//  - short needles (WINDOW_SHORT..LONG-1 bytes): 4-byte grams, STEP from 5.
// A lookup first tests a bit set small enough to stay in the CPU cache (most samples stop there),
// then walks the hash table; a table hit compares bytes, so results are exact. Cost per byte does
// not grow with the number of needles. The table is built in one pass (each needle's grams are
// inserted as they come, none looked up), as it stands between the unlock and the first match. The tables are plain typed arrays: built once (on shared
// memory when asked) and handed to every worker thread without copying.

export const WINDOW = 8;
export const WINDOW_SHORT = 4;
export const LONG = 20;
/** Longer steps would add table entries (STEP per needle) for little gain. */
const MAX_STEP = 16;
/** Bits of the bit set per table entry: about 1 in 16 samples gets past it by chance. */
const FILTER_BITS_PER_ENTRY = 16;

export interface CompiledNeedles {
  bytes: Uint8Array;
  starts: Uint32Array;
}

/**
 * One tier's lookup structures: a bit set of gram hashes, and a chained hash table with one entry
 * per (needle, offset of the gram in the needle); entries of a gram that many needles share (a
 * common prefix like `sk_live_`) sit in the same chain.
 */
export interface TierTables {
  window: number;
  step: number;
  filter: Int32Array;
  filterMask: number;
  shift: number;
  head: Int32Array;
  entryNext: Int32Array;
  entryHash: Int32Array;
  entryNeedle: Int32Array;
  entryOffset: Int32Array;
}

/** Everything a Matcher needs; typed arrays only, so it can be posted to a worker (shared, not copied, when built on shared memory). */
export interface MatcherTables {
  bytes: Uint8Array;
  starts: Uint32Array;
  long: TierTables | null;
  short: TierTables | null;
}

/** Hash of the `window` (8 or 4) bytes at p, read as little-endian 32-bit words. */
function gramHash(b: Uint8Array, p: number, window: number): number {
  const w0 = b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
  return mixWords(w0, window === 8 ? b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24) : 0, window);
}

/** gramHash of the gram whose little-endian words are w0 and w1 (w1 unused for 4-byte grams). */
function mixWords(w0: number, w1: number, window: number): number {
  let h = Math.imul(w0, 0x9e3779b1);
  if (window === 8) h ^= Math.imul(w1, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

/** Whether an Int32Array reads bytes as little-endian words (as gramHash composes them). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function array(n: number, shared: boolean): Int32Array {
  return shared ? new Int32Array(new SharedArrayBuffer(n * 4)) : new Int32Array(n);
}

function log2Ceil(n: number, min: number, max: number): number {
  let bits = min;
  while (1 << bits < n && bits < max) bits++;
  return bits;
}

function buildTier(bytes: Uint8Array, starts: Uint32Array, members: number[], window: number, shared: boolean): TierTables | null {
  if (members.length === 0) return null;
  let shortest = Infinity;
  for (const i of members) shortest = Math.min(shortest, starts[i + 1]! - starts[i]!);
  const step = Math.min(shortest - window + 1, MAX_STEP);
  const entries = members.length * step;
  const filterBits = log2Ceil(entries * FILTER_BITS_PER_ENTRY, 10, 28);
  const headBits = log2Ceil(entries, 8, 26);
  const t: TierTables = {
    window, step,
    filter: array(2 ** (filterBits - 5), shared), filterMask: 2 ** filterBits - 1,
    shift: 32 - headBits, head: array(2 ** headBits, shared),
    entryNext: array(entries, shared), entryHash: array(entries, shared), entryNeedle: array(entries, shared), entryOffset: array(entries, shared),
  };
  const { filter, filterMask, head, shift, entryNext, entryHash, entryNeedle, entryOffset } = t;
  let e = 0;
  for (const i of members) {
    const s = starts[i]!;
    for (let j = 0; j < step; j++, e++) {
      const h = gramHash(bytes, s + j, window);
      const bit = h & filterMask;
      filter[bit >>> 5]! |= 1 << (bit & 31);
      const slot = h >>> shift;
      entryHash[e] = h;
      entryNeedle[e] = i;
      entryOffset[e] = j;
      entryNext[e] = head[slot]! - 1;
      head[slot] = e + 1;
    }
  }
  return t;
}

function buildTables({ bytes, starts }: CompiledNeedles, shared: boolean): MatcherTables {
  const count = starts.length - 1;
  const long: number[] = [];
  const short: number[] = [];
  for (let i = 0; i < count; i++) {
    const len = starts[i + 1]! - starts[i]!;
    if (len < WINDOW) throw new Error(`needles must be at least ${WINDOW} bytes`);
    (len >= LONG ? long : short).push(i);
  }
  const own = shared ? new Uint8Array(new SharedArrayBuffer(bytes.length)) : new Uint8Array(bytes.length);
  own.set(bytes);
  const ownStarts = shared ? new Uint32Array(new SharedArrayBuffer(starts.byteLength)) : new Uint32Array(starts.length);
  ownStarts.set(starts);
  return { bytes: own, starts: ownStarts, long: buildTier(own, ownStarts, long, WINDOW, shared), short: buildTier(own, ownStarts, short, WINDOW_SHORT, shared) };
}

export class Matcher {
  readonly tables: MatcherTables;

  /**
   * From needles (`shared`: built on SharedArrayBuffer, so posting `tables` to workers shares one
   * copy), or over tables built elsewhere (another thread's `tables`).
   */
  constructor(source: CompiledNeedles | MatcherTables, opts: { shared?: boolean } = {}) {
    this.tables = 'long' in source ? source : buildTables(source, opts.shared ?? false);
  }

  get needleCount(): number {
    return this.tables.starts.length - 1;
  }

  needleLength(needle: number): number {
    return this.tables.starts[needle + 1]! - this.tables.starts[needle]!;
  }

  /** Overwrites the needles' bytes (the values) and the grams derived from them. */
  wipe(): void {
    const { bytes, long, short } = this.tables;
    bytes.fill(0);
    for (const t of [long, short]) if (t) for (const a of [t.filter, t.entryHash, t.head]) a.fill(0);
  }

  /** Calls onHit(needle, start) for every occurrence of every needle in buf (at least once each). */
  scan(buf: Uint8Array, onHit: (needle: number, start: number) => void): void {
    if (this.tables.long) this.#scanTier(buf, this.tables.long, onHit);
    if (this.tables.short) this.#scanTier(buf, this.tables.short, onHit);
  }

  #scanTier(buf: Uint8Array, t: TierTables, onHit: (needle: number, start: number) => void): void {
    const { filter, filterMask, head, shift, step, window, entryNext, entryHash, entryNeedle, entryOffset } = t;
    const last = buf.length - window;
    // A needle may cover two samples; report each (needle, start) once.
    let prevNeedle = -1;
    let prevStart = -1;
    // When every sample falls on a 4-byte boundary, the gram's words are read whole (a quarter of the loads).
    const words = window === 8 && step % 4 === 0 && buf.byteOffset % 4 === 0 && LITTLE_ENDIAN ? new Int32Array(buf.buffer, buf.byteOffset, buf.length >>> 2) : null;
    for (let p = 0; p <= last; p += step) {
      const h = words ? mixWords(words[p >>> 2]!, words[(p >>> 2) + 1]!, 8) : gramHash(buf, p, window);
      const bit = h & filterMask;
      if ((filter[bit >>> 5]! & (1 << (bit & 31))) === 0) continue;
      for (let e = head[h >>> shift]! - 1; e >= 0; e = entryNext[e]!) {
        if (entryHash[e] !== h) continue;
        const needle = entryNeedle[e]!;
        const start = p - entryOffset[e]!;
        if (start < 0 || (needle === prevNeedle && start === prevStart)) continue;
        if (this.#equalAt(buf, start, needle)) {
          prevNeedle = needle;
          prevStart = start;
          onHit(needle, start);
        }
      }
    }
  }

  #equalAt(buf: Uint8Array, at: number, needle: number): boolean {
    const { bytes, starts } = this.tables;
    const s = starts[needle]!;
    const len = starts[needle + 1]! - s;
    if (at + len > buf.length) return false;
    for (let k = 0; k < len; k++) if (buf[at + k] !== bytes[s + k]) return false;
    return true;
  }
}

/** 1-based line of `offset`, counting newlines from a previous (offset, line) pair onwards. */
export function lineAt(buf: Uint8Array, offset: number, from: { offset: number; line: number }): number {
  let line = from.line;
  for (let i = from.offset; i < offset; i++) if (buf[i] === 10) line++;
  from.offset = offset;
  from.line = line;
  return line;
}
