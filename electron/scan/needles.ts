// What the leak scan looks for: every stored value (current and previous versions) as bytes, plus
// the forms a value takes when pasted into config: base64 (at each of the three alignments a value
// can start at inside a longer base64 text) and percent-encoding. Kept in memory only.

/** Shorter values would match all over ordinary text; they are skipped (and counted). */
export const MIN_NEEDLE_BYTES = 8;

export type NeedleForm = 'raw' | 'base64' | 'percent';

export interface NeedleOwner {
  credentialId: string;
  name: string;
  valueVersion: number;
  current: boolean;
  form: NeedleForm;
}

/** All needles in one buffer (`bytes`, each from `starts[i]` to `starts[i + 1]`), who owns each. */
export interface NeedleSet {
  bytes: Uint8Array;
  starts: Uint32Array;
  /** Who owns needle i (made when asked: only hits need it). */
  owner: (needle: number) => NeedleOwner;
  /** Values too short to search for. */
  skippedShort: number;
  /** Value versions looked at (the short ones included). */
  values: number;
}

/**
 * Needles with their owners as numbers (NeedleBuilder makes tens of thousands; an owner object
 * is made only for a needle found, by NeedleSet.owner): the owner's credential (an index in the caller's list), its value
 * version, and `flags` (bit 0: current version; bits 1-2: the form, an index in FORMS).
 */
export interface CompactNeedles {
  bytes: Uint8Array;
  starts: Uint32Array;
  cred: Uint32Array;
  version: Uint32Array;
  flags: Uint8Array;
  skippedShort: number;
  values: number;
}

const FORMS: readonly NeedleForm[] = ['raw', 'base64', 'percent'];

/**
 * The part of base64(value) that is the same wherever the value sits in a longer base64 text
 * starting `shift` bytes into a 3-byte group: drop the characters that also encode the
 * neighbouring bytes.
 */
export function base64Cores(value: Buffer): string[] {
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const padded = Buffer.concat([Buffer.alloc(shift), value]);
    const b64 = padded.toString('base64').replace(/=+$/, '');
    const startChar = shift === 0 ? 0 : Math.ceil((shift * 8) / 6);
    const endBits = (shift + value.length) * 8;
    const endChar = Math.floor(endBits / 6); // a trailing partial character also depends on the next byte
    out.push(b64.slice(startChar, endChar));
  }
  return out;
}

/** The forms of one value, deduplicated, without forms equal to the raw value. */
export function formsOf(value: string): { form: NeedleForm; bytes: Buffer }[] {
  const raw = Buffer.from(value, 'utf8');
  const out: { form: NeedleForm; bytes: Buffer }[] = [{ form: 'raw', bytes: raw }];
  const seen = new Set([value]);
  for (const core of base64Cores(raw)) {
    if (seen.has(core) || core.length < MIN_NEEDLE_BYTES) continue;
    seen.add(core);
    out.push({ form: 'base64', bytes: Buffer.from(core, 'latin1') });
  }
  const percent = encodeURIComponent(value);
  if (!seen.has(percent)) out.push({ form: 'percent', bytes: Buffer.from(percent, 'latin1') });
  return out;
}

export interface ValueSource {
  credentialId: string;
  name: string;
  versions: { valueVersion: number; current: boolean; value: string }[];
}

const B64 = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 'latin1');
/** Characters encodeURIComponent leaves as they are: a value made only of these has no percent form of its own. */
const URI_UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]*$/;

/**
 * Collects the needles of many values into one growing buffer, writing each form's bytes in
 * place (no intermediate strings or buffers per form: this runs for tens of thousands of values
 * between the unlock and the first match). Same forms, in the same order, as formsOf().
 */
export class NeedleBuilder {
  #bytes = new Uint8Array(1 << 16);
  #length = 0;
  #starts: number[] = [];
  #cred: number[] = [];
  #version: number[] = [];
  #flags: number[] = [];
  skippedShort = 0;
  /** Value versions added (short ones included). */
  values = 0;

  /** One value version of credential number `cred` (the caller's numbering). */
  add(cred: number, valueVersion: number, current: boolean, value: string): void {
    this.values++;
    const rawLength = Buffer.byteLength(value, 'utf8');
    if (rawLength < MIN_NEEDLE_BYTES) {
      this.skippedShort++;
      return;
    }
    const owner = (form: number): void => {
      this.#cred.push(cred);
      this.#version.push(valueVersion);
      this.#flags.push((current ? 1 : 0) | (form << 1));
    };
    // raw, then the three base64 cores (each at most 4/3 of the value), then percent (at most 3x).
    this.#reserve(rawLength * 9 + 16);
    const raw = this.#length;
    this.#bytes.set(Buffer.from(value, 'utf8'), raw);
    this.#push(rawLength);
    owner(0);
    for (let shift = 0; shift < 3; shift++) {
      const at = this.#length;
      const n = writeBase64Core(this.#bytes, raw, rawLength, shift, at);
      if (n < MIN_NEEDLE_BYTES || this.#repeats(at, n, raw)) continue;
      this.#push(n);
      owner(1);
    }
    if (!URI_UNRESERVED.test(value)) {
      const percent = encodeURIComponent(value);
      const at = this.#length;
      this.#bytes.set(Buffer.from(percent, 'latin1'), at);
      if (!this.#repeats(at, percent.length, raw)) {
        this.#push(percent.length);
        owner(2);
      }
    }
  }

  /** The needles so far; the builder's buffer is handed over (the caller zeroes it). */
  finish(): CompactNeedles {
    const starts = new Uint32Array(this.#starts.length + 1);
    starts.set(this.#starts);
    starts[this.#starts.length] = this.#length;
    const bytes = this.#bytes.subarray(0, this.#length);
    this.#bytes = new Uint8Array(0);
    return { bytes, starts, cred: Uint32Array.from(this.#cred), version: Uint32Array.from(this.#version), flags: Uint8Array.from(this.#flags), skippedShort: this.skippedShort, values: this.values };
  }

  #push(length: number): void {
    this.#starts.push(this.#length);
    this.#length += length;
  }

  /** Whether the n bytes at `at` equal a needle of this value already added (from `raw` on). */
  #repeats(at: number, n: number, raw: number): boolean {
    const b = this.#bytes;
    for (let k = this.#starts.length - 1; k >= 0 && this.#starts[k]! >= raw; k--) {
      const s = this.#starts[k]!;
      const len = (k + 1 < this.#starts.length ? this.#starts[k + 1]! : this.#length) - s;
      if (len !== n) continue;
      let same = true;
      for (let i = 0; i < n && same; i++) same = b[s + i] === b[at + i];
      if (same) return true;
    }
    return false;
  }

  #reserve(extra: number): void {
    if (this.#length + extra <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.#length + extra));
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes.fill(0);
    this.#bytes = grown;
  }
}

/**
 * Writes base64Cores(value)[shift] at out[at…] (the value is out[src…src+len]) and returns its
 * length: the characters of base64(shift zero bytes + value) that depend on the value's bytes only.
 */
function writeBase64Core(out: Uint8Array, src: number, len: number, shift: number, at: number): number {
  const total = shift + len;
  const startChar = shift === 0 ? 0 : Math.ceil((shift * 8) / 6);
  const endChar = Math.floor((total * 8) / 6);
  const byteAt = (i: number): number => (i < shift || i >= total ? 0 : out[src + i - shift]!);
  let n = 0;
  for (let c = startChar; c < endChar; c++) {
    const bit = c * 6;
    const i = bit >>> 3;
    const pair = (byteAt(i) << 8) | byteAt(i + 1);
    out[at + n++] = B64[(pair >>> (10 - (bit & 7))) & 63]!;
  }
  return n;
}

/** A NeedleSet over the same bytes: `credential(i)` names credential number i. */
export function expandNeedles(c: CompactNeedles, credential: (cred: number) => { credentialId: string; name: string }): NeedleSet {
  const owner = (i: number): NeedleOwner => {
    if (!(i >= 0 && i < c.cred.length)) throw new RangeError(`no needle ${i}`);
    const { credentialId, name } = credential(c.cred[i]!);
    return { credentialId, name, valueVersion: c.version[i]!, current: (c.flags[i]! & 1) === 1, form: FORMS[c.flags[i]! >> 1]! };
  };
  return { bytes: c.bytes, starts: c.starts, owner, skippedShort: c.skippedShort, values: c.values };
}

export function buildNeedles(sources: ValueSource[]): NeedleSet {
  const builder = new NeedleBuilder();
  sources.forEach((s, i) => {
    for (const v of s.versions) builder.add(i, v.valueVersion, v.current, v.value);
  });
  return expandNeedles(builder.finish(), (i) => sources[i]!);
}
