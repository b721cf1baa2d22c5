// Credential metadata (never values), the tag counts, and the list query the user is typing.
import { create } from 'zustand';
import type { CredentialMeta } from '../../../shared/model.ts';
import { call } from '../client.ts';
import { NO_FILTERS, type ListFilters, type SortKey } from '../lib/filter.ts';

/** The contract's maximum page: one fetch covers vaults of up to 20,000 credentials. */
export const LIST_LIMIT = 20_000;

interface CredentialsState {
  loaded: boolean;
  /** Everything, trash included; filtered and sorted locally. */
  items: CredentialMeta[];
  /** Total in the vault (more than items.length only beyond LIST_LIMIT). */
  total: number;
  /** Credential records that cannot be read: id and reason, the name is unknown. */
  damaged: { id: string; reason: string }[];
  tags: { tag: string; count: number }[];
  query: string;
  filters: ListFilters;
  sort: SortKey;
  load(): Promise<void>;
  /** Puts one changed credential in place at once (the full reload follows on vault.changed). */
  upsert(meta: CredentialMeta): void;
  remove(id: string): void;
  setQuery(query: string): void;
  setFilters(patch: Partial<ListFilters>): void;
  setSort(sort: SortKey): void;
  reset(): void;
}

const initial = {
  loaded: false, items: [] as CredentialMeta[], total: 0, damaged: [] as { id: string; reason: string }[], tags: [] as { tag: string; count: number }[],
  query: '', filters: NO_FILTERS, sort: 'name' as SortKey,
};

// Loads are coalesced: a change event during a load triggers exactly one more load afterwards.
let inFlight: Promise<void> | null = null;
let again = false;
let generation = 0;

export const useCredentials = create<CredentialsState>()((set, get) => ({
  ...initial,
  async load() {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    const gen = generation;
    inFlight = (async () => {
      try {
        do {
          again = false;
          const [list, tags, damaged] = await Promise.all([
            call('credentials.list', { scope: 'all', limit: LIST_LIMIT }),
            call('tags.list', {}),
            call('credentials.damaged', {}),
          ]);
          // A lock (reset) while this was in flight: drop the answer.
          if (gen !== generation) return;
          set({ items: list.items, total: list.total, tags, damaged, loaded: true });
        } while (again);
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  },
  upsert(meta) {
    const items = get().items;
    const i = items.findIndex((c) => c.id === meta.id);
    set({ items: i < 0 ? [...items, meta] : items.with(i, meta) });
  },
  remove(id) {
    set({ items: get().items.filter((c) => c.id !== id) });
  },
  setQuery(query) {
    set({ query });
  },
  setFilters(patch) {
    set({ filters: { ...get().filters, ...patch } });
  },
  setSort(sort) {
    set({ sort });
  },
  reset() {
    generation++;
    again = false;
    set({ ...initial });
  },
}));
