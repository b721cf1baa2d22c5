// What needs attention on a credential: expiry and rotation, as codes for JSON and words for people.
import type { CredentialMeta } from '../../shared/model.ts';
import { relativeTime, spanText } from './format.ts';

const DAY = 86_400_000;
/** "Due soon" / "expiring soon" starts this many days ahead. */
export const SOON_DAYS = 14;

export type AttentionCode = 'expired' | 'expiring-soon' | 'rotation-overdue' | 'rotation-due-soon' | 'compromised' | 'shared-since-rotation';

export interface Badge {
  code: AttentionCode;
  text: string;
}

type Dated = Pick<CredentialMeta, 'expiresAt' | 'rotationIntervalDays' | 'valueUpdatedAt' | 'status' | 'lastSharedAt'>;

/** When the current value is due for rotation, or null without an interval. */
export function rotationDueAt(meta: Dated): number | null {
  if (meta.rotationIntervalDays === null) return null;
  return Date.parse(meta.valueUpdatedAt) + meta.rotationIntervalDays * DAY;
}

export function badges(meta: Dated, now: number): Badge[] {
  const out: Badge[] = [];
  if (meta.status === 'compromised') out.push({ code: 'compromised', text: 'COMPROMISED' });
  if (meta.expiresAt !== null) {
    const at = Date.parse(meta.expiresAt);
    if (at <= now) out.push({ code: 'expired', text: `expired ${relativeTime(meta.expiresAt, now)}` });
    else if (at - now <= SOON_DAYS * DAY) out.push({ code: 'expiring-soon', text: `expires ${relativeTime(meta.expiresAt, now)}` });
  }
  const due = rotationDueAt(meta);
  if (due !== null) {
    const dueIso = new Date(due).toISOString();
    if (due <= now) out.push({ code: 'rotation-overdue', text: `rotation overdue by ${spanText(now - due)}` });
    else if (due - now <= SOON_DAYS * DAY) out.push({ code: 'rotation-due-soon', text: `rotation due ${relativeTime(dueIso, now)}` });
  }
  // A value that left the vault in a share bundle should be rotated once the bundle expires.
  if (meta.lastSharedAt !== null && meta.lastSharedAt > meta.valueUpdatedAt) {
    out.push({ code: 'shared-since-rotation', text: 'shared, not rotated since' });
  }
  return out;
}
