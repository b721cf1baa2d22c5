// State badges of a credential. Meaning is fixed everywhere (UI.md): red = overdue/expired,
// amber = due/expiring soon, grey = disabled/revoked, red outline = compromised, blue = shared.
import type { CredentialMeta } from '../../../shared/model.ts';
import { attentionOf, type Dated } from '../../../shared/attention.ts';
import { relativeTime, spanText } from './time.ts';

export { rotationDueAt, SOON_DAYS } from '../../../shared/attention.ts';

export type BadgeTone = 'red' | 'amber' | 'grey' | 'outline' | 'blue';
export interface Badge {
  key: string;
  /** The word on the badge: colour is never the only signal. */
  label: string;
  tone: BadgeTone;
  /** The longer explanation (tooltip and accessible description). */
  detail: string;
}

export function badgesOf(meta: Dated, now: number): Badge[] {
  const out: Badge[] = [];
  if (meta.status === 'disabled' || meta.status === 'revoked') {
    out.push({ key: meta.status, label: meta.status, tone: 'grey', detail: meta.status === 'disabled' ? 'Disabled: copy and run refuse it' : 'Revoked at the provider' });
  }
  for (const { code, at = now } of attentionOf(meta, now)) {
    const when = relativeTime(new Date(at).toISOString(), now);
    switch (code) {
      case 'compromised': out.push({ key: 'compromised', label: 'compromised', tone: 'outline', detail: 'Marked compromised: revoke it at the provider and rotate it' }); break;
      case 'expired': out.push({ key: 'expired', label: 'expired', tone: 'red', detail: `Expired ${when}` }); break;
      case 'expiring-soon': out.push({ key: 'expiring', label: 'expiring soon', tone: 'amber', detail: `Expires ${when}` }); break;
      case 'rotation-overdue': out.push({ key: 'overdue', label: 'overdue', tone: 'red', detail: `Rotation overdue by ${spanText(now - at)}` }); break;
      case 'rotation-due-soon': out.push({ key: 'due', label: 'due soon', tone: 'amber', detail: `Rotation due ${when}` }); break;
      case 'shared-since-rotation': out.push({ key: 'shared', label: 'shared', tone: 'blue', detail: `Shared ${when}; rotate it once the bundle expires` }); break;
    }
  }
  return out;
}

/** Most severe first: what a row shows when it has room for one badge. */
const SEVERITY = ['compromised', 'expired', 'overdue', 'revoked', 'disabled', 'expiring', 'due', 'shared'];
export function bySeverity(badges: Badge[]): Badge[] {
  const rank = (b: Badge) => {
    const i = SEVERITY.indexOf(b.key);
    return i < 0 ? SEVERITY.length : i;
  };
  return [...badges].sort((a, b) => rank(a) - rank(b));
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
