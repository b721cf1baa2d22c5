// What needs attention on a credential (expiry, rotation, compromise, sharing), decided once for the
// CLI and the desktop app; each side only words and colours the result.
import type { CredentialMeta } from './model.ts';
import { DAY } from './time.ts';

/** "Due soon" / "expiring soon" starts this many days ahead. */
export const SOON_DAYS = 14;

export type AttentionCode = 'compromised' | 'expired' | 'expiring-soon' | 'rotation-overdue' | 'rotation-due-soon' | 'shared-since-rotation';

export interface Attention {
  code: AttentionCode;
  /** The instant it is about: expiry, rotation due date, or last share. Absent for compromised. */
  at?: number;
}

export type Dated = Pick<CredentialMeta, 'expiresAt' | 'rotationIntervalDays' | 'valueUpdatedAt' | 'status' | 'lastSharedAt'>;

/** When the current value is due for rotation, or null without an interval. */
export function rotationDueAt(meta: Dated): number | null {
  if (meta.rotationIntervalDays === null) return null;
  return Date.parse(meta.valueUpdatedAt) + meta.rotationIntervalDays * DAY;
}

export function attentionOf(meta: Dated, now: number): Attention[] {
  const out: Attention[] = [];
  if (meta.status === 'compromised') out.push({ code: 'compromised' });
  if (meta.expiresAt !== null) {
    const at = Date.parse(meta.expiresAt);
    if (at <= now) out.push({ code: 'expired', at });
    else if (at - now <= SOON_DAYS * DAY) out.push({ code: 'expiring-soon', at });
  }
  const due = rotationDueAt(meta);
  if (due !== null) {
    if (due <= now) out.push({ code: 'rotation-overdue', at: due });
    else if (due - now <= SOON_DAYS * DAY) out.push({ code: 'rotation-due-soon', at: due });
  }
  // A value that left the vault in a share bundle stays out there: rotate it once the bundle expires.
  if (meta.lastSharedAt !== null && Date.parse(meta.lastSharedAt) > Date.parse(meta.valueUpdatedAt)) {
    out.push({ code: 'shared-since-rotation', at: Date.parse(meta.lastSharedAt) });
  }
  return out;
}
