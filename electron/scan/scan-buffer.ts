// Scanning one file's bytes: stored-value hits and key-format hits, with offsets and 1-based line
// numbers. The two passes can run at different times (key formats need no vault values, so they
// run while the vault is being unlocked); `unknownKeys` then drops key-format hits that are values.
import { lineAt, type Matcher } from './matcher.ts';
import { combinedPattern, findPatternsInBytes } from './patterns.ts';

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

export function isBinary(buf: Uint8Array): boolean {
  return Buffer.from(buf.buffer, buf.byteOffset, Math.min(buf.length, SNIFF)).indexOf(0) >= 0;
}

const patternRe = new RegExp(combinedPattern().source, 'y');

function withLines<T extends { start: number }>(buf: Uint8Array, items: T[]): (T & { line: number })[] {
  const sorted = [...items].sort((a, b) => a.start - b.start);
  const cursor = { offset: 0, line: 1 };
  return sorted.map((x) => ({ ...x, line: lineAt(buf, x.start, cursor) }));
}

/** The first pass, which needs no vault values: is it binary, and where are key formats. */
export function patternPass(buf: Uint8Array): BufferResult {
  if (isBinary(buf)) return { binary: true, hits: [], patterns: [] };
  return { binary: false, hits: [], patterns: withLines(buf, findPatternsInBytes(buf, patternRe)) };
}

/** Where the stored values are, each (needle, offset) once. Call on text (not binary) bytes. */
export function valuePass(buf: Uint8Array, matcher: Matcher): BufferHit[] {
  const raw: { needle: number; start: number; end: number }[] = [];
  let seen: Set<number> | null = null;
  matcher.scan(buf, (needle, start) => {
    // Keyed by start * needle count + needle: exact below 2^53, i.e. for any file this scans.
    const key = start * matcher.needleCount + needle;
    seen ??= new Set();
    if (seen.has(key)) return;
    seen.add(key);
    raw.push({ needle, start, end: start + matcher.needleLength(needle) });
  });
  return raw.length === 0 ? [] : withLines(buf, raw);
}

/** Both passes at once. */
export function scanBuffer(buf: Uint8Array, matcher: Matcher): BufferResult {
  const early = patternPass(buf);
  return early.binary ? early : { ...early, hits: valuePass(buf, matcher) };
}

/** Key-format hits that are not (part of) a stored value found in the same bytes. */
export function unknownKeys(patterns: BufferPatternHit[], hits: BufferHit[]): BufferPatternHit[] {
  return patterns.filter((p) => !hits.some((h) => h.start < p.end && p.start < h.end));
}
