// Notices, while unlocked, that another process (the CLI, most often) wrote to the vault file, so
// the window can refresh instead of showing a stale list until the next action.
import type { Platform, TimerHandle } from './platform.ts';

/** How often to look: one cheap SQLite pragma, no decryption. */
export const EXTERNAL_CHANGE_POLL_MS = 2_000;

export class ExternalChangeWatcher {
  readonly #platform: Platform;
  readonly #changed: () => boolean;
  readonly #onChange: () => void;
  #timer: TimerHandle | null = null;

  /** `changed` reports (and acknowledges) a change; `onChange` runs once per change seen. */
  constructor(platform: Platform, changed: () => boolean, onChange: () => void) {
    this.#platform = platform;
    this.#changed = changed;
    this.#onChange = onChange;
  }

  start(): void {
    this.stop();
    this.#schedule();
  }

  stop(): void {
    this.#timer?.cancel();
    this.#timer = null;
  }

  #schedule(): void {
    this.#timer = this.#platform.setTimer(EXTERNAL_CHANGE_POLL_MS, () => {
      try {
        if (this.#changed()) this.#onChange();
      } catch {
        // A failed look (vault locked meanwhile, file busy) is retried at the next tick.
      }
      if (this.#timer) this.#schedule();
    });
  }
}
