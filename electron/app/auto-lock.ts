// When to lock by itself: after N minutes of system-wide idle time, and on screen lock, suspend
// or window hidden as the settings say. Armed only while the vault is unlocked.
import type { LockReason, Settings } from '../../shared/contract.ts';
import type { Platform, SystemEvent, TimerHandle } from './platform.ts';

/** Poll at most this far apart, so a clock jump or a changed idle source is noticed soon. */
const MAX_POLL_MS = 30_000;
const MIN_POLL_MS = 1_000;

const EVENT_REASON: Record<SystemEvent, LockReason> = {
  'screen-locked': 'screen-lock',
  suspend: 'suspend',
  'window-hidden': 'window-hidden',
};

function enabled(event: SystemEvent, s: Settings): boolean {
  if (event === 'screen-locked') return s.lockOnScreenLock;
  if (event === 'suspend') return s.lockOnSuspend;
  return s.lockOnWindowHidden;
}

export class AutoLock {
  readonly #platform: Platform;
  readonly #lock: (reason: LockReason) => void;
  readonly #unsubscribe: () => void;
  #settings: Settings | null = null;
  #timer: TimerHandle | null = null;
  /** When we were armed: unlocking (or changing settings) is activity, whatever the OS reports. */
  #armedAt = 0;
  /** System events seen so far, and the count at which each kind was last seen. */
  #eventCount = 0;
  #lastSeen = new Map<SystemEvent, number>();

  /** `lock` is called at most once per arming: arming ends when it fires. */
  constructor(platform: Platform, lock: (reason: LockReason) => void) {
    this.#platform = platform;
    this.#lock = lock;
    this.#unsubscribe = platform.onSystemEvent((event) => this.#onSystemEvent(event));
  }

  /** A marker to pass to arm(): system events after it are honoured at arming. */
  mark(): number {
    return this.#eventCount;
  }

  /**
   * Starts (or restarts, with new settings) watching. Call on unlock and on settings change.
   * With `since` (from mark() before an unlock began), a screen lock or suspend that happened
   * while the unlock was running locks right away.
   */
  arm(settings: Settings, since?: number): void {
    this.#cancel();
    this.#settings = settings;
    this.#armedAt = this.#platform.now();
    if (since !== undefined) {
      for (const [event, n] of this.#lastSeen) {
        if (n > since && enabled(event, settings)) {
          this.#fire(EVENT_REASON[event]);
          return;
        }
      }
    }
    this.#poll();
  }

  /** Stops watching. Call on lock. */
  disarm(): void {
    this.#cancel();
    this.#settings = null;
  }

  dispose(): void {
    this.disarm();
    this.#unsubscribe();
  }

  #onSystemEvent(event: SystemEvent): void {
    if (!Object.hasOwn(EVENT_REASON, event)) return;
    this.#lastSeen.set(event, ++this.#eventCount);
    const s = this.#settings;
    if (!s || !enabled(event, s)) return;
    this.#fire(EVENT_REASON[event]);
  }

  #poll(): void {
    const s = this.#settings;
    if (!s || s.autoLockMinutes === 0) return;
    const limitMs = s.autoLockMinutes * 60_000;
    let systemIdle: number;
    try {
      systemIdle = this.#platform.idleSeconds();
    } catch {
      systemIdle = NaN; // the OS could not say: count from the last arming alone
    }
    const systemIdleMs = Number.isFinite(systemIdle) ? Math.max(0, systemIdle) * 1000 : Infinity;
    const idleMs = Math.min(systemIdleMs, Math.max(0, this.#platform.now() - this.#armedAt));
    if (idleMs >= limitMs) {
      this.#fire('idle');
      return;
    }
    const wait = Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, limitMs - idleMs));
    this.#timer = this.#platform.setTimer(wait, () => {
      this.#timer = null;
      this.#poll();
    });
  }

  #fire(reason: LockReason): void {
    this.disarm();
    this.#lock(reason);
  }

  #cancel(): void {
    this.#timer?.cancel();
    this.#timer = null;
  }
}
