// Generated values waiting for the New credential or Rotate dialog to save them. The value is made
// and kept here in main; the renderer gets a random draft id, a masked preview and the entropy,
// and sees the value only if the user asks to reveal it. A draft is single-use (saving it removes
// it), replaced by Regenerate, time-limited, and dropped at lock. Values are held in buffers that
// are zeroed when the draft goes.
import { randomBytes } from 'node:crypto';
import { KeyholdError } from '../../shared/errors.ts';
import type { GeneratorOptions, GeneratorRecipe } from '../../shared/model.ts';
import { generateSecret } from '../vault/index.ts';

/** How long a draft stays usable: long enough to fill in a form, short enough not to linger. */
export const DRAFT_TTL_MS = 15 * 60_000;
/** Open dialogs need one or two; more means drafts were abandoned (the oldest go first). */
const MAX_DRAFTS = 16;
/** The masked part of a preview: fixed, like every masked value (UI.md). */
export const DRAFT_MASK = '••••••••';

export interface DraftSummary {
  draftId: string;
  /** The public prefix followed by a fixed mask: what the dialog shows while the value is hidden. */
  preview: string;
  /** Random characters after the prefix (the length the user chose). */
  length: number;
  entropyBits: number;
  expiresInMs: number;
}

interface Draft {
  value: Buffer;
  recipe: GeneratorRecipe;
  entropyBits: number;
  expiresAt: number;
}

export class DraftStore {
  readonly #now: () => number;
  #items = new Map<string, Draft>();

  constructor(now: () => number) {
    this.#now = now;
  }

  /** A new generated value; `replaces` (Regenerate) drops the draft it supersedes. */
  create(options: GeneratorOptions, replaces?: string): DraftSummary {
    if (replaces !== undefined) this.#drop(replaces);
    const { value, entropyBits } = generateSecret(options);
    const recipe: GeneratorRecipe = { length: options.length, alphabet: options.alphabet, prefix: options.prefix ?? '' };
    const draftId = randomBytes(24).toString('base64url');
    const expiresAt = this.#now() + DRAFT_TTL_MS;
    this.#items.set(draftId, { value: Buffer.from(value, 'utf8'), recipe, entropyBits: Math.floor(entropyBits), expiresAt });
    while (this.#items.size > MAX_DRAFTS) {
      const oldest = this.#items.keys().next().value;
      if (oldest === undefined) break;
      this.#drop(oldest);
    }
    return { draftId, preview: recipe.prefix + DRAFT_MASK, length: recipe.length, entropyBits: Math.floor(entropyBits), expiresInMs: DRAFT_TTL_MS };
  }

  /** The value of a live draft, for reveal; the draft stays. */
  reveal(draftId: string): string {
    return this.#live(draftId).value.toString('utf8');
  }

  /**
   * Saves a draft: runs `commit` with its value and recipe and removes the draft only if `commit`
   * succeeds, so a refused save (name taken) can be retried with the same value.
   */
  commit<T>(draftId: string, commit: (value: string, recipe: GeneratorRecipe) => T): T {
    const draft = this.#live(draftId);
    const result = commit(draft.value.toString('utf8'), { ...draft.recipe });
    this.#drop(draftId);
    return result;
  }

  /** Drops one draft (its dialog closed unsaved); nothing happens for an unknown id. */
  discard(draftId: string): void {
    this.#drop(draftId);
  }

  /** Drops every draft (lock, quit). */
  clear(): void {
    for (const id of [...this.#items.keys()]) this.#drop(id);
  }

  get size(): number {
    return this.#items.size;
  }

  #live(draftId: string): Draft {
    const draft = this.#items.get(draftId);
    if (!draft) {
      throw new KeyholdError('NOT_FOUND', 'This generated value is no longer available: it was saved, replaced or dropped when the vault locked. Press Regenerate for a new one.');
    }
    if (this.#now() >= draft.expiresAt) {
      this.#drop(draftId);
      throw new KeyholdError('EXPIRED', `This generated value expired after ${DRAFT_TTL_MS / 60_000} minutes unsaved. Press Regenerate for a new one.`);
    }
    return draft;
  }

  #drop(draftId: string): void {
    const draft = this.#items.get(draftId);
    if (!draft) return;
    draft.value.fill(0);
    this.#items.delete(draftId);
  }
}
