// The self-clearing clipboard. Copy writes the secret in main (with the OS markers that keep it
// out of clipboard history, when the setting is on) and clears it after a delay, but only if the
// clipboard still holds that value: if the user copied something else meanwhile, we leave it be.
// We remember a keyed hash of the value, not the value, so nothing secret lingers here.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Platform, TimerHandle } from './platform.ts';

export interface CopyOptions {
  clearAfterSeconds: number;
  excludeFromHistory: boolean;
}

export class ClipboardGuard {
  readonly #platform: Platform;
  readonly #onCleared: () => void;
  /** Per-process key: the remembered hash can't be brute-forced offline from a memory dump. */
  readonly #key = randomBytes(32);
  #held: Buffer | null = null;
  #timer: TimerHandle | null = null;
  /** Clipboard calls are async: run copies and clears one at a time so they never interleave. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(platform: Platform, onCleared: () => void) {
    this.#platform = platform;
    this.#onCleared = onCleared;
  }

  /** Writes the value and schedules its clearing. Returns the delay in milliseconds. */
  copy(value: string, opts: CopyOptions): Promise<number> {
    const ms = opts.clearAfterSeconds * 1000;
    return this.#serial(async () => {
      this.#cancelTimer();
      this.#held = this.#mac(value);
      await this.#platform.clipboard.writeSecret(value, { excludeFromHistory: opts.excludeFromHistory });
      this.#timer = this.#platform.setTimer(ms, () => {
        this.#timer = null;
        this.clearIfOurs().catch(() => undefined);
      });
      return ms;
    });
  }

  /** Clears the clipboard if it still holds the value we copied (on timeout, lock and quit). */
  clearIfOurs(): Promise<void> {
    return this.#serial(async () => {
      this.#cancelTimer();
      const held = this.#held;
      if (!held) return;
      this.#held = null;
      let current: string | null;
      try {
        current = await this.#platform.clipboard.readText();
      } catch {
        current = null; // can't tell whose it is: clearing a secret wins over keeping other text
      }
      if (current !== null && !timingSafeEqual(this.#mac(current), held)) return;
      this.#platform.clipboard.clear();
      this.#onCleared();
    });
  }

  #mac(text: string): Buffer {
    return createHmac('sha256', this.#key).update(text, 'utf8').digest();
  }

  #cancelTimer(): void {
    this.#timer?.cancel();
    this.#timer = null;
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
