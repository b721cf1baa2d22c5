// A small ring that empties as a countdown runs (decorative: the seconds are always written too).
export function CountdownRing({ fraction }: { fraction: number }) {
  const r = 6;
  const c = 2 * Math.PI * r;
  const f = Math.max(0, Math.min(1, fraction));
  return (
    <svg className="ring" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <circle className="ring-track" cx="8" cy="8" r={r} />
      <circle className="ring-fill" cx="8" cy="8" r={r} strokeDasharray={`${(c * f).toFixed(2)} ${c.toFixed(2)}`} transform="rotate(-90 8 8)" />
    </svg>
  );
}
