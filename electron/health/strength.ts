// A rough strength estimate for stored values: enough to flag "changeme", "aaaa1111" or a short
// hand-typed token, not a password cracker's model. Provider keys (long, random) pass easily.

/** Below this many estimated bits a value counts as weak. */
export const WEAK_BITS = 50;

const COMMON = ['password', 'passw0rd', 'changeme', 'secret', 'letmein', 'qwerty', 'admin', 'welcome', 'default', 'example', 'test', '123456', 'abcdef'];

/** log2 of the alphabet a value draws from (lower, upper, digits, other). */
function poolBits(value: string): number {
  let pool = 0;
  if (/[a-z]/.test(value)) pool += 26;
  if (/[A-Z]/.test(value)) pool += 26;
  if (/[0-9]/.test(value)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(value)) pool += 33;
  return Math.log2(Math.max(pool, 2));
}

/** Shannon entropy of the characters actually used, per character. */
function shannonBits(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...value].length;
  let h = 0;
  for (const c of counts.values()) h -= (c / n) * Math.log2(c / n);
  return h;
}

/** Length of the value once runs (aaaa) and steps (abcd, 1234) count as one character each. */
function patternFreeLength(value: string): number {
  const codes = [...value].map((c) => c.codePointAt(0) ?? 0);
  let length = codes.length > 0 ? 1 : 0;
  for (let i = 1; i < codes.length; i++) {
    const step = codes[i]! - codes[i - 1]!;
    const prevStep = i >= 2 ? codes[i - 1]! - codes[i - 2]! : NaN;
    if (Math.abs(step) <= 1 && step === prevStep) continue; // a run or a sequence goes on
    length++;
  }
  return length;
}

/** Estimated bits of a value: the lower of the alphabet and character-frequency estimates. */
export function estimateBits(value: string): number {
  const n = patternFreeLength(value);
  return Math.min(n * poolBits(value), n * shannonBits(value));
}

/** Why a value is weak, in words, or null. Never includes the value or any part of it. */
export function weakness(value: string): string | null {
  const lower = value.toLowerCase();
  const word = COMMON.find((w) => lower.includes(w));
  // Only a short value is "just" a common word; a long random key may contain "test" by chance.
  if (word && value.length < 24) return 'contains a common word or sequence';
  const bits = estimateBits(value);
  if (bits < WEAK_BITS) return `about ${Math.max(0, Math.round(bits))} bits of entropy (aim for 100 or more)`;
  return null;
}
