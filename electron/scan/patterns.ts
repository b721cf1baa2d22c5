// Strings that look like well-known key formats. A hit that is not one of the vault's own values
// is reported as "looks like a Stripe key, not in your vault". Each pattern is anchored on a
// literal prefix, so one combined regular expression over the file stays fast.
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
