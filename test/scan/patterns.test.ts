// Key formats found by searching for anchors first must be exactly the hits of the combined
// regular expression over the whole text, whatever the text.
import { describe, expect, it } from 'vitest';
import { combinedPattern, findPatterns, findPatternsInBytes, KEY_PATTERNS } from '../../electron/scan/patterns.ts';

const PIECES = [
  'AKIA', 'ASIA', 'AIza', 'gh', 'ghp_', 'gho_', 'ghx_', 'github_pat_', 'sk_', 'rk_', 'k_live_', 'k_test_', 'sk_live_', 'rk_test_',
  'xox', 'xoxb-', 'xoxz-', 'sk-', 'sk-proj-', 'sk-admin-', 'T3BlbkFJ', '-----BEGIN ', 'RSA ', 'PRIVATE KEY-----', '-----BEGIN PRIVATE KEY-----',
  'ABCDEFGHIJKLMNOP', 'abcdefghijklmnopqrstuvwxyz0123456789', 'Z'.repeat(40), '_', '-', ' ', '\n', '=', '"', 'é', '\u00ff', 'disk-', 'light',
  // Whole keys of each alternative, so each is hit often (and cut or glued to neighbours at times).
  'AKIAABCDEFGHIJKLMNOP', 'ASIAABCDEFGHIJKLMNOP', `ghp_${'a'.repeat(36)}`, `gho_${'b'.repeat(36)}`, `github_pat_${'c'.repeat(22)}`, `sk_live_${'d'.repeat(16)}`,
  `rk_test_${'e'.repeat(16)}`, 'xoxb-1234567890', `sk-proj-${'f'.repeat(40)}`, `AIza${'g'.repeat(35)}`, '-----BEGIN RSA PRIVATE KEY-----',
];

/** Deterministic pseudo-random texts made of fragments of every pattern. */
function texts(count: number): string[] {
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  // Half the pieces are followed by a separator, so word boundaries fall on both sides of most of them.
  return Array.from({ length: count }, () => Array.from({ length: 20 + next(200) }, () => PIECES[next(PIECES.length)]! + (next(2) ? ' ' : '')).join(''));
}

describe('key formats', () => {
  it('anchored search gives the same hits as the combined expression over the whole text', () => {
    const samples = [
      'xAKIAABCDEFGHIJKLMNOP AKIAABCDEFGHIJKLMNOP', `ghp_${'a'.repeat(36)} disk-sk-proj-${'x'.repeat(45)}`, `sk_live_${'a'.repeat(20)}sk_test_${'b'.repeat(20)}`,
      '-----BEGIN RSA PRIVATE KEY-----', `xoxb-1234567890 AIza${'x'.repeat(35)}`, 'AKIAAKIAAKIAAKIAAKIAAKIA', `sk-${'A'.repeat(20)}T3BlbkFJ${'B'.repeat(20)}`, '', 'k_live_x',
      ...texts(3000),
    ];
    const re = combinedPattern();
    let hits = 0;
    const seen = new Set<number>();
    for (const text of samples) {
      const want = findPatterns(text, re);
      expect(findPatternsInBytes(Buffer.from(text, 'latin1')), text).toEqual(want);
      hits += want.length;
      for (const h of want) seen.add(h.pattern);
    }
    expect(hits).toBeGreaterThan(1000); // the texts do hit, and every format is exercised
    expect(seen.size).toBe(KEY_PATTERNS.length);
    // Every alternative of every format, including those sharing an anchor (gho_ and github_pat_ with ghp_).
    for (const prefix of ['AKIA', 'ASIA', 'ghp_', 'gho_', 'github_pat_', 'sk_live_', 'rk_test_', 'xoxb-', 'sk-proj-', 'AIza', '-----BEGIN RSA ']) {
      expect(samples.some((t) => findPatterns(t, re).some((h) => t.startsWith(prefix, h.start))), prefix).toBe(true);
    }
  });

  it('works on a view into a larger buffer (offsets are the view\u2019s)', () => {
    const key = 'AKIAABCDEFGHIJKLMNOP';
    const big = Buffer.from(`junk junk ${key} tail`, 'latin1');
    const view = big.subarray(5);
    expect(findPatternsInBytes(view)).toEqual([{ pattern: 0, start: 5, end: 5 + key.length }]);
  });
});
