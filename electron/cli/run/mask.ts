// Masking: replaces every secret value (and its base64 and percent-encoded forms) in a byte
// stream with MASK, while the stream flows. A value split across writes is still caught: only
// the last (longest pattern - 1) bytes are held back, and when the stream goes quiet only the
// bytes that could begin a value stay held (so prompts and progress bars still show at once).
// Overlapping or adjacent matches become one MASK, so no part of a value shows between them.

export const MASK = '<concealed by keyhold>';
const MASK_BYTES = Buffer.from(MASK);
const EMPTY = Buffer.alloc(0);

/** base64 characters of `value` that do not depend on the bytes around it, for one alignment. */
function base64Core(value: Buffer, offset: 0 | 1 | 2): string {
  const padded = Buffer.concat([Buffer.alloc(offset), value, Buffer.alloc(2)]);
  const text = padded.toString('base64');
  // Character i carries bits [6i, 6i + 6); the value occupies bits [8*offset, 8*(offset + n)).
  const first = Math.ceil((8 * offset) / 6);
  const last = Math.floor((8 * (offset + value.length)) / 6); // exclusive
  return text.slice(first, last);
}

/** Shortest encoded form worth masking: shorter ones would hit ordinary text. */
const MIN_ENCODED = 6;

/**
 * Every byte pattern that shows `value`: the value itself (also with CRLF line ends, as a
 * terminal writes them), its percent-encoded forms (upper- and lower-case hex, `+` for space), and
 * the stable core of its base64 and base64url encodings at each of the three byte alignments.
 */
export function maskPatterns(value: string): Buffer[] {
  if (value === '') return [];
  const raw = Buffer.from(value, 'utf8');
  const forms = new Set<string>([value]);
  if (value.includes('\n')) forms.add(value.replace(/\r?\n/g, '\r\n'));
  const percent = encodeURIComponent(value);
  for (const p of [percent, percent.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()), percent.replace(/%20/g, '+')]) {
    if (p.length >= MIN_ENCODED) forms.add(p);
  }
  // The whole encoding (with its padding) when the value was encoded on its own, as `base64` does.
  forms.add(raw.toString('base64'));
  forms.add(raw.toString('base64url'));
  for (const offset of [0, 1, 2] as const) {
    const core = base64Core(raw, offset);
    if (core.length < MIN_ENCODED) continue;
    forms.add(core);
    forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].map((f) => Buffer.from(f, 'utf8'));
}

/** Bytes per block of the skip table: three (hashed) once the shortest pattern allows it. */
function blockSize(minLen: number): 2 | 3 {
  return minLen >= 6 ? 3 : 2;
}

/** The block at buf[i..]: two bytes exactly, or three hashed into 16 bits. */
function blockAt(buf: Uint8Array, i: number, size: 2 | 3): number {
  return size === 2 ? (buf[i]! << 8) | buf[i + 1]! : ((buf[i]! << 8) ^ (buf[i + 1]! << 4) ^ buf[i + 2]! ^ (buf[i + 2]! << 12)) & 0xffff;
}

/**
 * The Wu-Manber shift for every block, over windows of the shortest pattern's length: how far the
 * window may move when its last block is this one (0: a pattern may end here, check).
 */
function skipTable(patterns: readonly Buffer[], windowLength: number, size: 2 | 3): Uint8Array {
  const lastBlock = windowLength - size;
  const table = new Uint8Array(65536).fill(lastBlock + 1);
  for (const p of patterns) {
    for (let j = 0; j <= lastBlock; j++) {
      const block = blockAt(p, j, size);
      table[block] = Math.min(table[block]!, lastBlock - j);
    }
  }
  return table;
}

/**
 * A streaming multi-pattern replacer. push() bytes in; the masked bytes come out through `emit`,
 * in order. Call idle() when the source pauses and end() when it closes.
 */
export class StreamMasker {
  readonly #emit: (bytes: Buffer) => void;
  /** Patterns by their first two bytes (or first byte when a pattern is one byte long), longest first. */
  readonly #byKey = new Map<number, Buffer[]>();
  readonly #keyTable: Uint8Array;
  readonly #oneByteKeys: boolean;
  readonly #maxLen: number;
  /** Wu-Manber skip table: how far the window may move when its last two bytes are this pair. */
  readonly #shift: Uint8Array | null;
  readonly #block: 2 | 3;
  readonly #minLen: number;
  readonly #patterns: Buffer[];
  /** Bytes not yet decided (at most maxLen - 1 between pushes). */
  #tail: Buffer = Buffer.alloc(0);
  /** End of the masked region that runs on into #tail, relative to its start; -1 when none. */
  #openCoverEnd = -1;

  constructor(patterns: readonly Buffer[], emit: (bytes: Buffer) => void) {
    this.#emit = emit;
    // Own copies: dispose() zeroes them, and several maskers may be built from the same list.
    this.#patterns = [...new Map(patterns.filter((p) => p.length > 0).map((p) => [p.toString('latin1'), p])).values()].map((p) => Buffer.from(p));
    this.#maxLen = Math.max(0, ...this.#patterns.map((p) => p.length));
    this.#oneByteKeys = this.#patterns.some((p) => p.length === 1);
    this.#minLen = Math.min(255, ...this.#patterns.map((p) => p.length));
    this.#block = blockSize(this.#minLen);
    this.#shift = this.#oneByteKeys || this.#patterns.length === 0 ? null : skipTable(this.#patterns, this.#minLen, this.#block);
    this.#keyTable = new Uint8Array(this.#oneByteKeys ? 256 : 65536);
    for (const p of this.#patterns) {
      const key = this.#oneByteKeys ? p[0]! : (p[0]! << 8) | p[1]!;
      this.#keyTable[key] = 1;
      const list = this.#byKey.get(key) ?? [];
      list.push(p);
      list.sort((a, b) => b.length - a.length);
      this.#byKey.set(key, list);
    }
  }

  push(chunk: Buffer): void {
    if (this.#maxLen === 0) {
      if (chunk.length) this.#emit(chunk);
      return;
    }
    const held = this.#tail.length;
    if (held > 0 && chunk.length >= this.#maxLen - 1) {
      // A value that begins in the held-back bytes ends within the chunk's first maxLen - 1
      // bytes: settle those positions on a small joined copy, then scan the chunk in place
      // (copying every chunk behind the tail cost more than the matching on a fast stream).
      this.#scan(Buffer.concat([this.#tail, chunk.subarray(0, this.#maxLen - 1)]), held);
      // What is held now is exactly the chunk's start, and an open masked region is counted from it.
      this.#tail.fill(0);
      this.#tail = EMPTY;
      this.#scan(chunk, chunk.length - this.#maxLen + 1);
      return;
    }
    const buf = held ? Buffer.concat([this.#tail, chunk]) : chunk;
    this.#scan(buf, Math.max(0, buf.length - this.#maxLen + 1));
  }

  /** The source paused: let out everything that cannot be the start of a value. */
  idle(): void {
    if (this.#tail.length === 0) return;
    const buf = this.#tail;
    let decided = 0;
    while (decided < buf.length && !this.#couldStartAt(buf, decided)) decided++;
    this.#scan(buf, decided);
  }

  /** The source closed: decide everything (a value cut off at the end is not a whole value). */
  end(): void {
    const buf = this.#tail;
    this.#scan(buf, buf.length);
    this.#tail = Buffer.alloc(0);
  }

  /** True when buf[i..] is a proper prefix of some longer pattern. */
  #couldStartAt(buf: Buffer, i: number): boolean {
    const rest = buf.length - i;
    for (const p of this.#patterns) {
      if (p.length > rest && buf.compare(p, 0, rest, i, buf.length) === 0) return true;
    }
    return false;
  }

  #longestMatchAt(buf: Buffer, i: number, key: number): number {
    const list = this.#byKey.get(key);
    if (!list) return 0;
    for (const p of list) {
      if (i + p.length <= buf.length && buf.compare(p, 0, p.length, i, i + p.length) === 0) return p.length;
    }
    return 0;
  }

  /** Emits the decided part of buf (positions < decided) and keeps the rest as the tail. */
  #scan(buf: Buffer, decided: number): void {
    let emitFrom = 0;
    let coverStart = this.#openCoverEnd >= 0 ? 0 : -1;
    let coverEnd = this.#openCoverEnd;
    const table = this.#keyTable;
    const oneByte = this.#oneByteKeys;
    const last = buf.length - 1;
    const shift = this.#shift;
    const size = this.#block;
    const reach = this.#minLen - size; // from a window's start to its last block
    const lastStart = buf.length - size; // the last index where a whole block fits
    for (let i = 0; i < decided; i++) {
      if (shift !== null) {
        // Skip ahead while the window's last block appears in no pattern's first minLen bytes.
        // blockAt() written out: this loop runs once per ~minLen bytes of everything the program prints.
        let s: number;
        if (size === 3) {
          while (i + reach <= lastStart) {
            const j = i + reach;
            const c = buf[j + 2]!;
            if ((s = shift[((buf[j]! << 8) ^ (buf[j + 1]! << 4) ^ c ^ (c << 12)) & 0xffff]!) === 0) break;
            i += s;
          }
        } else {
          while (i + reach <= lastStart && (s = shift[(buf[i + reach]! << 8) | buf[i + reach + 1]!]!) > 0) i += s;
        }
        if (i >= decided || i + reach > lastStart) break;
      }
      const key = oneByte ? buf[i]! : i < last ? (buf[i]! << 8) | buf[i + 1]! : -1;
      if (key < 0 || table[key] === 0) continue;
      const length = this.#longestMatchAt(buf, i, key);
      if (length === 0) continue;
      if (coverStart >= 0 && i <= coverEnd) {
        coverEnd = Math.max(coverEnd, i + length);
        continue;
      }
      if (coverStart >= 0) {
        this.#out(buf, emitFrom, coverStart);
        this.#emit(MASK_BYTES);
        emitFrom = coverEnd;
      }
      coverStart = i;
      coverEnd = i + length;
    }
    if (coverStart >= 0 && coverEnd <= decided) {
      this.#out(buf, emitFrom, coverStart);
      this.#emit(MASK_BYTES);
      emitFrom = coverEnd;
      coverStart = -1;
    }
    if (coverStart >= 0) {
      // The masked region runs past what is decided: it stays open; its bytes are never emitted.
      this.#out(buf, emitFrom, coverStart);
      this.#openCoverEnd = coverEnd - decided;
    } else {
      this.#out(buf, emitFrom, decided);
      this.#openCoverEnd = -1;
    }
    this.#tail = Buffer.from(buf.subarray(decided));
  }

  /** Zeroes the patterns (they are the secret values) and the held bytes. */
  dispose(): void {
    for (const p of this.#patterns) p.fill(0);
    this.#tail.fill(0);
    this.#tail = Buffer.alloc(0);
  }

  #out(buf: Buffer, from: number, to: number): void {
    if (to > from) this.#emit(buf.subarray(from, to));
  }
}
