// Scanning one file's bytes: stored-value hits and key-format hits, with 1-based line numbers.
// Used by the scan workers and, for small jobs, directly in the calling thread.
import { lineAt, type Matcher } from './matcher.ts';
import { combinedPattern, findPatterns } from './patterns.ts';

/** Bytes looked at to decide whether a file is binary (like git: a NUL byte in the start). */
const SNIFF = 8000;

export interface BufferHit {
  needle: number;
  line: number;
}
export interface BufferPatternHit {
  pattern: number;
  line: number;
}
export interface BufferResult {
  binary: boolean;
  hits: BufferHit[];
  patterns: BufferPatternHit[];
}

export function isBinary(buf: Uint8Array): boolean {
  const end = Math.min(buf.length, SNIFF);
  for (let i = 0; i < end; i++) if (buf[i] === 0) return true;
  return false;
}

const patternRe = combinedPattern();

export function scanBuffer(buf: Uint8Array, matcher: Matcher, needleLength: (needle: number) => number, withPatterns: boolean): BufferResult {
  if (isBinary(buf)) return { binary: true, hits: [], patterns: [] };
  const raw: { needle: number; start: number }[] = [];
  const seen = new Set<string>();
  matcher.scan(buf, (needle, start) => {
    const key = `${needle}:${start}`;
    if (seen.has(key)) return;
    seen.add(key);
    raw.push({ needle, start });
  });
  const pats = withPatterns ? findPatterns(Buffer.from(buf.buffer, buf.byteOffset, buf.length).toString('latin1'), patternRe) : [];
  // A key-format match that is (part of) a stored value is a vault hit, not an unknown key.
  const unknown = pats.filter((p) => !raw.some((r) => r.start < p.end && p.start < r.start + needleLength(r.needle)));
  const offsets = [...raw.map((r) => r.start), ...unknown.map((p) => p.start)].sort((a, b) => a - b);
  const cursor = { offset: 0, line: 1 };
  const lines = new Map<number, number>();
  for (const o of offsets) lines.set(o, lineAt(buf, o, cursor));
  return {
    binary: false,
    hits: raw.map((r) => ({ needle: r.needle, line: lines.get(r.start)! })),
    patterns: unknown.map((p) => ({ pattern: p.pattern, line: lines.get(p.start)! })),
  };
}
