// What needs attention on a credential, as codes for JSON and words for people.
import { attentionOf, type AttentionCode, type Dated } from '../../shared/attention.ts';
import { relativeTime, spanText } from '../../shared/time.ts';

export { rotationDueAt, SOON_DAYS, type AttentionCode } from '../../shared/attention.ts';

export interface Badge {
  code: AttentionCode;
  text: string;
}

export function badges(meta: Dated, now: number): Badge[] {
  return attentionOf(meta, now).map(({ code, at = now }) => {
    const when = relativeTime(new Date(at).toISOString(), now);
    switch (code) {
      case 'compromised': return { code, text: 'COMPROMISED' };
      case 'expired': return { code, text: `expired ${when}` };
      case 'expiring-soon': return { code, text: `expires ${when}` };
      case 'rotation-overdue': return { code, text: `rotation overdue by ${spanText(now - at)}` };
      case 'rotation-due-soon': return { code, text: `rotation due ${when}` };
      case 'shared-since-rotation': return { code, text: 'shared, not rotated since' };
    }
  });
}
