// Times that read like people talk ("3 months ago", "in 5 days") and waits precise enough to act on.
// Shared so the CLI and the desktop app word the same moment the same way.
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const MONTH = 30.44 * DAY;
const YEAR = 365.25 * DAY;

// Made on first use: creating it loads ICU data, about 10 ms that every CLI command would pay at start-up.
let rtf: Intl.RelativeTimeFormat | undefined;

function pickUnit(abs: number): [number, Intl.RelativeTimeFormatUnit] {
  if (abs < MINUTE) return [Math.round(abs / SECOND), 'second'];
  if (abs < HOUR) return [Math.round(abs / MINUTE), 'minute'];
  if (abs < DAY) return [Math.round(abs / HOUR), 'hour'];
  if (abs < MONTH) return [Math.round(abs / DAY), 'day'];
  if (abs < YEAR) return [Math.round(abs / MONTH), 'month'];
  return [Math.round(abs / YEAR), 'year'];
}

/** "3 months ago", "in 5 days", "yesterday", "just now": `iso` relative to `now` (ms). */
export function relativeTime(iso: string, now: number): string {
  const diff = Date.parse(iso) - now;
  const [value, unit] = pickUnit(Math.abs(diff));
  if (unit === 'second') return 'just now';
  rtf ??= new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  return rtf.format(Math.sign(diff) * value, unit);
}

/** "3 months", "5 days": a span without direction. */
export function spanText(ms: number): string {
  const [value, unit] = pickUnit(Math.abs(ms));
  if (unit === 'second') return 'moments';
  return `${value} ${unit}${value === 1 ? '' : 's'}`;
}

/** How long to wait: "45 s", "2 min 5 s", "1 h 3 min". */
export function formatWait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/** Local date and time without seconds' fraction: "2025-11-25 17:30:02". */
export function localTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
