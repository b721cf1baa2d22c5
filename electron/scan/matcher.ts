// Exact multi-needle search over bytes, in two Rabin–Karp style passes:
//  - long needles (at least LONG bytes): any occurrence covers a WINDOW-byte gram starting at a
//    multiple of STEP = LONG - WINDOW + 1, so the text is sampled only every STEP bytes and each
//    sample's gram is looked up among every needle's grams at offsets 0..STEP-1;
//  - short needles (WINDOW..LONG-1 bytes): a rolling hash of the WINDOW bytes at every position,
//    looked up among the needles' first grams.
// A table hit compares bytes, so results are exact. Cost per byte does not grow with the number
// of needles; the sampled pass touches one byte in STEP.

export const WINDOW = 8;
export const LONG = 20;
const STEP = LONG - WINDOW + 1;
const BASE = 0x01000193;
const BASE_TOP = (() => {
  let p = 1;
  for (let i = 0; i < WINDOW - 1; i++) p = Math.imul(p, BASE);
  return p;
})();

export interface CompiledNeedles {
  bytes: Uint8Array;
  starts: Uint32Array;
}

/** Hash of the WINDOW bytes at p (the same polynomial the rolling pass updates). */
function gramHash(b: Uint8Array, p: number): number {
  let h = 0;
  for (let k = 0; k < WINDOW; k++) h = (Math.imul(h, BASE) + b[p + k]!) | 0;
  return h;
}

/** Mixes a gram hash so its top bits pick a table slot. */
function slotOf(h: number, shift: number): number {
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> shift;
}

/** An open hash table of (gram hash → needle, offset of the gram in the needle). */
class GramTable {
  readonly shift: number;
  readonly head: Int32Array;
  readonly next: Int32Array;
  readonly hash: Int32Array;
  readonly needle: Int32Array;
  readonly offset: Int32Array;
  #size = 0;

  constructor(capacity: number) {
    let bits = 10;
    while (1 << bits < capacity * 4 && bits < 26) bits++;
    this.shift = 32 - bits;
    this.head = new Int32Array(1 << bits);
    const n = Math.max(capacity, 1);
    this.next = new Int32Array(n);
    this.hash = new Int32Array(n);
    this.needle = new Int32Array(n);
    this.offset = new Int32Array(n);
  }

  add(h: number, needle: number, offset: number): void {
    const e = this.#size++;
    const slot = slotOf(h, this.shift);
    this.hash[e] = h;
    this.needle[e] = needle;
    this.offset[e] = offset;
    this.next[e] = this.head[slot]! - 1;
    this.head[slot] = e + 1;
  }
}

export class Matcher {
  readonly #bytes: Uint8Array;
  readonly #starts: Uint32Array;
  readonly #long: GramTable | null;
  readonly #short: GramTable | null;

  constructor({ bytes, starts }: CompiledNeedles) {
    this.#bytes = bytes;
    this.#starts = starts;
    const count = starts.length - 1;
    const lens = Array.from({ length: count }, (_, i) => starts[i + 1]! - starts[i]!);
    if (lens.some((l) => l < WINDOW)) throw new Error(`needles must be at least ${WINDOW} bytes`);
    const longCount = lens.filter((l) => l >= LONG).length;
    const shortCount = count - longCount;
    this.#long = longCount > 0 ? new GramTable(longCount * STEP) : null;
    this.#short = shortCount > 0 ? new GramTable(shortCount) : null;
    for (let i = 0; i < count; i++) {
      const s = starts[i]!;
      if (lens[i]! >= LONG) for (let j = 0; j < STEP; j++) this.#long!.add(gramHash(bytes, s + j), i, j);
      else this.#short!.add(gramHash(bytes, s), i, 0);
    }
  }

  /** Calls onHit(needle, start) once for every occurrence of every needle in buf. */
  scan(buf: Uint8Array, onHit: (needle: number, start: number) => void): void {
    if (this.#long) this.#scanSampled(buf, this.#long, onHit);
    if (this.#short) this.#scanRolling(buf, this.#short, onHit);
  }

  #scanSampled(buf: Uint8Array, t: GramTable, onHit: (needle: number, start: number) => void): void {
    const { head, shift } = t;
    const last = buf.length - WINDOW;
    // A long needle may cover two samples; report each (needle, start) once.
    let prevNeedle = -1;
    let prevStart = -1;
    for (let p = 0; p <= last; p += STEP) {
      let h = 0;
      for (let k = 0; k < WINDOW; k++) h = (Math.imul(h, BASE) + buf[p + k]!) | 0;
      let e = head[slotOf(h, shift)]! - 1;
      for (; e >= 0; e = t.next[e]!) {
        if (t.hash[e] !== h) continue;
        const needle = t.needle[e]!;
        const start = p - t.offset[e]!;
        if (start < 0 || (needle === prevNeedle && start === prevStart)) continue;
        if (this.#equalAt(buf, start, needle)) {
          prevNeedle = needle;
          prevStart = start;
          onHit(needle, start);
        }
      }
    }
  }

  #scanRolling(buf: Uint8Array, t: GramTable, onHit: (needle: number, start: number) => void): void {
    const n = buf.length;
    if (n < WINDOW) return;
    const { head, shift } = t;
    let h = gramHash(buf, 0);
    const last = n - WINDOW;
    for (let i = 0; ; i++) {
      if (head[slotOf(h, shift)] !== 0) {
        for (let e = head[slotOf(h, shift)]! - 1; e >= 0; e = t.next[e]!) {
          if (t.hash[e] === h && this.#equalAt(buf, i, t.needle[e]!)) onHit(t.needle[e]!, i);
        }
      }
      if (i === last) break;
      h = (Math.imul(h - Math.imul(buf[i]!, BASE_TOP), BASE) + buf[i + WINDOW]!) | 0;
    }
  }

  #equalAt(buf: Uint8Array, at: number, needle: number): boolean {
    const s = this.#starts[needle]!;
    const len = this.#starts[needle + 1]! - s;
    if (at + len > buf.length) return false;
    const bytes = this.#bytes;
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
