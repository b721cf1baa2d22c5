// Work in progress that must not outlive the unlocked session: a chosen import file and its
// parsed entries, a backup staged for restore. Kept in main under random tokens (the renderer
// sees only previews without values); the service clears everything at lock.
import { randomBytes } from 'node:crypto';

const MAX_SESSIONS = 8;

export interface SessionItem {
  /** Called when the item is dropped: zero buffers, remove temporary files. */
  dispose(): void;
}

export class SessionStore {
  #items = new Map<string, SessionItem>();

  add(item: SessionItem): string {
    const token = randomBytes(24).toString('base64url');
    this.#items.set(token, item);
    while (this.#items.size > MAX_SESSIONS) {
      const oldest = this.#items.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
    return token;
  }

  get<T extends SessionItem>(token: string, is: (x: SessionItem) => x is T): T | undefined {
    const item = this.#items.get(token);
    return item && is(item) ? item : undefined;
  }

  /** Removes the item without disposing it: the caller now owns it. */
  take<T extends SessionItem>(token: string, is: (x: SessionItem) => x is T): T | undefined {
    const item = this.get(token, is);
    if (item) this.#items.delete(token);
    return item;
  }

  delete(token: string): void {
    const item = this.#items.get(token);
    this.#items.delete(token);
    item?.dispose();
  }

  clear(): void {
    for (const token of [...this.#items.keys()]) this.delete(token);
  }
}
