// Scanning one file's bytes: stored-value hits and key-format hits, with offsets and 1-based line
// numbers. The two passes can run at different times (key formats need no vault values, so they
// run while the vault is being unlocked); `unknownKeys` then drops key-format hits that are values.
import { lineAt, type Matcher } from './matcher.ts';
import { combinedPattern, findPatterns } from './patterns.ts';

/** Bytes looked at to decide whether a file is binary (like git: a NUL byte in the start). */
const SNIFF = 8000;

export interface Span {
  start: number;
  end: number;
  line: number;
}
export interface BufferHit extends Span {
  needle: number;
}
export interface BufferPatternHit extends Span {
  pattern: number;
}
export interface BufferResult {
  binary: boolean;
  hits: BufferHit[];
  patterns: BufferPatternHit[];
}

export type PassMode = 'patterns' | 'values' | 'both';

export function isBinary(buf: Uint8Array): boolean {
  const end = Math.min(buf.length, SNIFF);
  for (let i = 0; i < end; i++) if (buf[i] === 0) return true;
  return false;
}

const patternRe = combinedPattern();

function withLines<T extends { start: number }>(buf: Uint8Array, items: T[]): (T & { line: number })[] {
  const sorted = [...items].sort((a, b) => a.start - b.start);
  const cursor = { offset: 0, line: 1 };
  return sorted.map((x) => ({ ...x, line: lineAt(buf, x.start, cursor) }));
}

export function scanBuffer(buf: Uint8Array, mode: PassMode, matcher: Matcher | null, needleLength: (needle: number) => number): BufferResult {
  if (isBinary(buf)) return { binary: true, hits: [], patterns: [] };
  const raw: { needle: number; start: number; end: number }[] = [];
  if (mode !== 'patterns' && matcher) {
    const seen = new Set<string>();
    matcher.scan(buf, (needle, start) => {
      const key = `${needle}:${start}`;
      if (seen.has(key)) return;
      seen.add(key);
      raw.push({ needle, start, end: start + needleLength(needle) });
    });
  }
  const pats = mode === 'values' ? [] : findPatterns(Buffer.from(buf.buffer, buf.byteOffset, buf.length).toString('latin1'), patternRe);
  return { binary: false, hits: withLines(buf, raw), patterns: withLines(buf, pats) };
}

/** Key-format hits that are not (part of) a stored value found in the same bytes. */
export function unknownKeys(patterns: BufferPatternHit[], hits: BufferHit[]): BufferPatternHit[] {
  return patterns.filter((p) => !hits.some((h) => h.start < p.end && p.start < h.end));
}
