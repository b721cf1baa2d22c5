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
  owners: NeedleOwner[];
  /** Values too short to search for. */
  skippedShort: number;
}

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

export function buildNeedles(sources: ValueSource[]): NeedleSet {
  const parts: Buffer[] = [];
  const owners: NeedleOwner[] = [];
  let skippedShort = 0;
  for (const s of sources) {
    for (const v of s.versions) {
      if (Buffer.byteLength(v.value, 'utf8') < MIN_NEEDLE_BYTES) {
        skippedShort++;
        continue;
      }
      for (const f of formsOf(v.value)) {
        parts.push(f.bytes);
        owners.push({ credentialId: s.credentialId, name: s.name, valueVersion: v.valueVersion, current: v.current, form: f.form });
      }
    }
  }
  const starts = new Uint32Array(parts.length + 1);
  let total = 0;
  parts.forEach((p, i) => {
    starts[i] = total;
    total += p.length;
  });
  starts[parts.length] = total;
  const bytes = new Uint8Array(total);
  parts.forEach((p, i) => {
    bytes.set(p, starts[i]);
    p.fill(0);
  });
  return { bytes, starts, owners, skippedShort };
}
