// A tiny synchronous event hub for AppEvent. A listener that throws must not break locking or
// the other listeners, so errors are swallowed here (they can't carry anything useful anyway).
import type { AppEvent } from '../../shared/contract.ts';

export type AppEventListener = (event: AppEvent) => void;

export class EventHub {
  #listeners = new Set<AppEventListener>();

  on(listener: AppEventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(event: AppEvent): void {
    for (const l of [...this.#listeners]) {
      try {
        l(event);
      } catch {
        // A broken listener (e.g. a destroyed window) must not stop the others.
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
