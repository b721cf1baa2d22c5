// Times that read like people talk ("rotated 3 months ago", "expires in 5 days") and precise waits.
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const MONTH = 30.44 * DAY;
const YEAR = 365.25 * DAY;

const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

function pickUnit(abs: number): [number, Intl.RelativeTimeFormatUnit] {
  if (abs < MINUTE) return [Math.round(abs / SECOND), 'second'];
  if (abs < HOUR) return [Math.round(abs / MINUTE), 'minute'];
  if (abs < DAY) return [Math.round(abs / HOUR), 'hour'];
  if (abs < MONTH) return [Math.round(abs / DAY), 'day'];
  if (abs < YEAR) return [Math.round(abs / MONTH), 'month'];
  return [Math.round(abs / YEAR), 'year'];
}

/** "3 months ago", "in 5 days", "yesterday", "just now". */
export function relativeTime(iso: string, now: number): string {
  const diff = Date.parse(iso) - now;
  const [value, unit] = pickUnit(Math.abs(diff));
  if (unit === 'second') return 'just now';
  return rtf.format(Math.sign(diff) * value, unit);
}

/** "3 months", "5 days": a span without direction. */
export function spanText(ms: number): string {
  const [value, unit] = pickUnit(Math.abs(ms));
  if (unit === 'second') return 'moments';
  return `${value} ${unit}${value === 1 ? '' : 's'}`;
}

/** A wait precise enough to act on: "45 s", "2 min 5 s". */
export function formatWait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** Local date and time, e.g. "Nov 25, 2025, 5:30 PM". */
export function localDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function localDate(iso: string): string {
  return dateOnly.format(new Date(iso));
}

/** `yyyy-mm-dd` in local time, for <input type="date">. */
export function toDateInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** An <input type="date"> value as an ISO instant at the end of that local day; null when empty. */
export function fromDateInput(value: string, endOfDay = true): string | null {
  if (!value) return null;
  const [y, m, d] = value.split('-').map(Number);
  if (!y || !m || !d) return null;
  const date = endOfDay ? new Date(y, m - 1, d, 23, 59, 59) : new Date(y, m - 1, d, 0, 0, 0);
  return date.toISOString();
}
