// Opened share bundles waiting for the user's "import": kept in main under a random token so the
// decrypted values never travel to the renderer. Dropped on lock; bounded in number.
import { randomBytes } from 'node:crypto';
import type { OpenedBundle } from './share-port.ts';

const MAX_PREVIEWS = 16;

export class PreviewStore {
  #items = new Map<string, OpenedBundle>();

  add(bundle: OpenedBundle): string {
    const token = randomBytes(24).toString('base64url');
    this.#items.set(token, bundle);
    // Map keeps insertion order: drop the oldest beyond the cap.
    while (this.#items.size > MAX_PREVIEWS) {
      const oldest = this.#items.keys().next().value;
      if (oldest === undefined) break;
      this.#items.delete(oldest);
    }
    return token;
  }

  get(token: string): OpenedBundle | undefined {
    return this.#items.get(token);
  }

  delete(token: string): void {
    this.#items.delete(token);
  }

  clear(): void {
    this.#items.clear();
  }
}
