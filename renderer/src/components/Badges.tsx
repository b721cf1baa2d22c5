// State badges: a word on every badge, tone from the fixed scheme.
import type { Badge } from '../lib/badges.ts';

export function Badges({ badges }: { badges: Badge[] }) {
  return (
    <span className="badges">
      {badges.map((b) => (
        <span key={b.key} className={`badge badge-${b.tone}`} title={b.detail}>
          {b.tone === 'outline' && <span aria-hidden="true">⚠ </span>}
          {b.label}
        </span>
      ))}
    </span>
  );
}
