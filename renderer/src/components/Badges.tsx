// State badges: a word on every badge, tone from the fixed scheme. `compact` (list rows) shows the
// most severe badge and a "+N" whose tooltip and accessible text name the rest.
import { bySeverity, type Badge } from '../lib/badges.ts';

function One({ b }: { b: Badge }) {
  return (
    <span className={`badge badge-${b.tone}`} title={b.detail}>
      {b.tone === 'outline' && <span aria-hidden="true">⚠ </span>}
      {b.label}
    </span>
  );
}

export function Badges({ badges, compact = false }: { badges: Badge[]; compact?: boolean }) {
  const sorted = bySeverity(badges);
  if (!compact || sorted.length <= 1) {
    return <span className="badges">{sorted.map((b) => <One key={b.key} b={b} />)}</span>;
  }
  const [worst, ...rest] = sorted as [Badge, ...Badge[]];
  const restText = rest.map((b) => b.label).join(', ');
  return (
    <span className="badges">
      <One b={worst} />
      <span className="badge-more" title={rest.map((b) => `${b.label}: ${b.detail}`).join('\n')} data-rest={restText}>
        +{rest.length}<span className="sr-only"> more: {restText}</span>
      </span>
    </span>
  );
}
