// A rough strength estimate for the master password meter: character-class entropy with penalties
// for repeats and sequences. It guides; the real protection is Argon2id and the length minimum.
export interface Strength {
  /** 0 (very weak) .. 4 (strong) */
  score: 0 | 1 | 2 | 3 | 4;
  label: string;
  bits: number;
}

const LABELS = ['Very weak', 'Weak', 'Fair', 'Good', 'Strong'] as const;
const COMMON = ['password', '123456', 'qwerty', 'letmein', 'welcome', 'admin', 'keyhold', 'iloveyou', 'monkey', 'dragon'];

export function passwordStrength(pw: string): Strength {
  if (pw.length === 0) return { score: 0, label: LABELS[0], bits: 0 };
  let pool = 0;
  if (/[a-z]/.test(pw)) pool += 26;
  if (/[A-Z]/.test(pw)) pool += 26;
  if (/[0-9]/.test(pw)) pool += 10;
  if (/[^A-Za-z0-9]/.test(pw)) pool += 33;
  // Count only characters that add something: repeats and runs ("aaaa", "abcd", "1234") count once.
  let effective = 0;
  for (let i = 0; i < pw.length; i++) {
    const prev = pw.charCodeAt(i - 1);
    const cur = pw.charCodeAt(i);
    if (i > 0 && (cur === prev || cur === prev + 1 || cur === prev - 1)) effective += 0.25;
    else effective += 1;
  }
  let bits = effective * Math.log2(Math.max(pool, 2));
  const lower = pw.toLowerCase();
  if (COMMON.some((w) => lower.includes(w))) bits = Math.min(bits, 20);
  const score = bits < 28 ? 0 : bits < 40 ? 1 : bits < 60 ? 2 : bits < 80 ? 3 : 4;
  return { score, label: LABELS[score], bits: Math.round(bits) };
}
