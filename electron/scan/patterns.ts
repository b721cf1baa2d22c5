// Strings that look like well-known key formats. A hit that is not one of the vault's own values
// is reported as "looks like a Stripe key, not in your vault". Every pattern contains a literal
// anchor at a fixed distance from its start: the bytes are searched for the anchors (native,
// several GB/s), and the combined regular expression runs only where one is found (a regular
// expression over every byte of a 100 MB tree costs more than matching the stored values).
export const KEY_PATTERNS: { label: string; source: string }[] = [
  { label: 'an AWS access key id', source: '\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b' },
  { label: 'a GitHub token', source: '\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\\b' },
  { label: 'a Stripe key', source: '\\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,247}\\b' },
  { label: 'a Slack token', source: '\\bxox[abposr]-[A-Za-z0-9-]{10,250}' },
  { label: 'an OpenAI key', source: '\\bsk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})' },
  { label: 'a Google API key', source: '\\bAIza[0-9A-Za-z_-]{35}\\b' },
  { label: 'a PEM private key', source: '-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----' },
];

/** One regex, one capture group per pattern (group i + 1 is KEY_PATTERNS[i]). */
export function combinedPattern(): RegExp {
  return new RegExp(KEY_PATTERNS.map((p) => `(${p.source})`).join('|'), 'g');
}

export interface PatternHit {
  pattern: number;
  start: number;
  end: number;
}

/** Every pattern match in latin1 text (so string indexes are byte offsets). */
export function findPatterns(text: string, re = combinedPattern()): PatternHit[] {
  const out: PatternHit[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const pattern = m.slice(1).findIndex((g) => g !== undefined);
    out.push({ pattern, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/**
 * Every match of any pattern contains one of these at `offset` bytes from its start (KEY_PATTERNS
 * and this list change together; the tests check both give the same hits). Anchors starting with
 * a rare byte are found fastest (`_pat_` rather than `github_pat_`).
 */
const ANCHORS: { text: string; offset: number }[] = [
  { text: 'AKIA', offset: 0 }, { text: 'ASIA', offset: 0 }, // AWS
  { text: 'gh', offset: 0 }, { text: '_pat_', offset: 6 }, // GitHub: gh[pousr]_, github_pat_
  { text: '_live_', offset: 2 }, { text: '_test_', offset: 2 }, // Stripe: [sr]k_live_, [sr]k_test_
  { text: 'xox', offset: 0 }, // Slack
  { text: 'sk-', offset: 0 }, // OpenAI
  { text: 'AIza', offset: 0 }, // Google
  { text: '-----BEGIN ', offset: 0 }, // PEM
];

/** findPatterns() over the bytes of a latin1 text: the same hits, looking only where an anchor is. */
export function findPatternsInBytes(buf: Uint8Array, re = new RegExp(combinedPattern().source, 'y')): PatternHit[] {
  const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  const starts: number[] = [];
  for (const a of ANCHORS) {
    for (let at = bytes.indexOf(a.text, 0, 'latin1'); at >= 0; at = bytes.indexOf(a.text, at + 1, 'latin1')) {
      if (at >= a.offset) starts.push(at - a.offset);
    }
  }
  if (starts.length === 0) return [];
  starts.sort((x, y) => x - y);
  const text = bytes.toString('latin1');
  const out: PatternHit[] = [];
  let end = 0;
  for (const start of starts) {
    if (start < end) continue; // inside the previous hit (or a repeated start): the global search would not look there
    re.lastIndex = start;
    const m = re.exec(text);
    if (!m) continue;
    out.push({ pattern: m.slice(1).findIndex((g) => g !== undefined), start, end: start + m[0].length });
    end = start + m[0].length;
  }
  return out;
}
