// Small hooks shared by screens.
import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs` while `active` (for countdowns and ages). */
export function useNow(active = true, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [active, intervalMs]);
  return now;
}

/**
 * Whole seconds left until `until` (renderer clock), at least 0. `now` from useNow may be a tick
 * old on the render that starts a countdown, so never count from earlier than the real time.
 */
export function secondsLeft(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - Math.max(now, Date.now())) / 1000));
}
