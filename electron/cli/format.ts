// Text output: aligned tables and times that read like people talk ("3 months ago", "in 5 days").
export { formatWait, localTime, relativeTime, spanText } from '../../shared/time.ts';
import { localTime } from '../../shared/time.ts';
import { terminalSafe } from '../../shared/text.ts';

/** Local date only: "2025-11-25". */
export function localDate(iso: string): string {
  return localTime(iso).slice(0, 10);
}

/** A header row over left-aligned columns. */
export function table(header: string[], rows: string[][]): string {
  return columns([header, ...rows]);
}

/**
 * Left-aligned columns separated by two spaces; the last column is not padded. Every cell is
 * escaped for the terminal (control, bidi and invisible characters shown as \u{…}): cells hold
 * stored text such as names, services, tags and bundle fields that a sender or a file chose.
 */
export function columns(raw: string[][]): string {
  const all = raw.map((r) => r.map((cell) => terminalSafe(cell)));
  const count = Math.max(0, ...all.map((r) => r.length));
  const widths = Array.from({ length: count }, (_, i) => Math.max(0, ...all.map((r) => width(r[i] ?? ''))));
  return all
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - width(cell)))).join('  ').trimEnd())
    .join('\n') + '\n';
}

/** Display width in code points (good enough for names and tags; no East Asian width table). */
function width(s: string): number {
  return [...s].length;
}
