// State badges of a credential. Meaning is fixed everywhere (UI.md): red = overdue/expired,
// amber = due/expiring soon, grey = disabled/revoked, red outline = compromised, blue = shared.
import type { CredentialMeta } from '../../../shared/model.ts';
import { DAY, relativeTime, spanText } from './time.ts';

/** "Due soon" / "expiring soon" starts this many days ahead (same as the CLI). */
export const SOON_DAYS = 14;

export type BadgeTone = 'red' | 'amber' | 'grey' | 'outline' | 'blue';
export interface Badge {
  key: string;
  /** The word on the badge: colour is never the only signal. */
  label: string;
  tone: BadgeTone;
  /** The longer explanation (tooltip and accessible description). */
  detail: string;
}

type Dated = Pick<CredentialMeta, 'expiresAt' | 'rotationIntervalDays' | 'valueUpdatedAt' | 'status' | 'lastSharedAt'>;

export function rotationDueAt(meta: Dated): number | null {
  if (meta.rotationIntervalDays === null) return null;
  return Date.parse(meta.valueUpdatedAt) + meta.rotationIntervalDays * DAY;
}

export function badgesOf(meta: Dated, now: number): Badge[] {
  const out: Badge[] = [];
  if (meta.status === 'compromised') {
    out.push({ key: 'compromised', label: 'compromised', tone: 'outline', detail: 'Marked compromised: revoke it at the provider and rotate it' });
  } else if (meta.status === 'disabled' || meta.status === 'revoked') {
    out.push({ key: meta.status, label: meta.status, tone: 'grey', detail: meta.status === 'disabled' ? 'Disabled: copy and run refuse it' : 'Revoked at the provider' });
  }
  if (meta.expiresAt !== null) {
    const at = Date.parse(meta.expiresAt);
    if (at <= now) out.push({ key: 'expired', label: 'expired', tone: 'red', detail: `Expired ${relativeTime(meta.expiresAt, now)}` });
    else if (at - now <= SOON_DAYS * DAY) out.push({ key: 'expiring', label: 'expiring soon', tone: 'amber', detail: `Expires ${relativeTime(meta.expiresAt, now)}` });
  }
  const due = rotationDueAt(meta);
  if (due !== null) {
    if (due <= now) out.push({ key: 'overdue', label: 'overdue', tone: 'red', detail: `Rotation overdue by ${spanText(now - due)}` });
    else if (due - now <= SOON_DAYS * DAY) out.push({ key: 'due', label: 'due soon', tone: 'amber', detail: `Rotation due ${relativeTime(new Date(due).toISOString(), now)}` });
  }
  // A value that left the vault in a share bundle stays out there: rotate it once the bundle expires.
  if (meta.lastSharedAt !== null && Date.parse(meta.lastSharedAt) > Date.parse(meta.valueUpdatedAt)) {
    out.push({ key: 'shared', label: 'shared', tone: 'blue', detail: `Shared ${relativeTime(meta.lastSharedAt, now)}; rotate it once the bundle expires` });
  }
  return out;
}

/** Red or amber badges, or compromised: what the "Needs attention" view lists. */
export function needsAttention(meta: Dated, now: number): boolean {
  if (meta.status === 'compromised') return true;
  if (meta.status !== 'active') return false;
  return badgesOf(meta, now).some((b) => b.tone === 'red' || b.tone === 'amber' || b.tone === 'blue');
}

/** "rotated 3 months ago" / "created 2 days ago": the age of the current value. */
export function valueAge(meta: Pick<CredentialMeta, 'valueUpdatedAt' | 'valueVersion'>, now: number): string {
  return `${meta.valueVersion > 1 ? 'rotated' : 'created'} ${relativeTime(meta.valueUpdatedAt, now)}`;
}
