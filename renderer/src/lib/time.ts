// Times that read like people talk ("rotated 3 months ago", "expires in 5 days") and precise waits.
export { DAY, formatWait, relativeTime, spanText } from '../../../shared/time.ts';

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
