// Which credential is selected, and what the detail pane has fetched for it: history, activity and
// (for a few seconds, only after Reveal) its value.
import { create } from 'zustand';
import type { OpOutput } from '../../../shared/contract.ts';
import type { AuditEntry, HistoryEntry } from '../../../shared/model.ts';
import { call } from '../client.ts';

export interface Revealed {
  id: string;
  value: string;
  /** Renderer clock (Date.now) when the value is masked again. */
  hideAt: number;
  hideAfterMs: number;
}

interface SelectionState {
  selectedId: string | null;
  history: HistoryEntry[] | null;
  activity: AuditEntry[] | null;
  revealed: Revealed | null;
  select(id: string | null): void;
  loadDetail(id: string): Promise<void>;
  reveal(id: string): Promise<void>;
  hide(): void;
  reset(): void;
}

let hideTimer: ReturnType<typeof setTimeout> | undefined;
let detailGen = 0;

function clearHideTimer(): void {
  if (hideTimer !== undefined) clearTimeout(hideTimer);
  hideTimer = undefined;
}

export const useSelection = create<SelectionState>()((set, get) => ({
  selectedId: null,
  history: null,
  activity: null,
  revealed: null,
  select(id) {
    if (id === get().selectedId) return;
    clearHideTimer();
    detailGen++;
    set({ selectedId: id, history: null, activity: null, revealed: null });
  },
  async loadDetail(id) {
    const gen = ++detailGen;
    const [history, audit] = await Promise.all([
      call('credentials.history', { id }).catch(() => [] as HistoryEntry[]),
      call('audit.list', { credentialId: id, limit: 200 }).catch((): OpOutput<'audit.list'> => ({ entries: [], verified: { ok: true, problems: [] } })),
    ]);
    if (gen !== detailGen || get().selectedId !== id) return;
    const activity = [...audit.entries].sort((a, b) => b.seq - a.seq);
    set({ history: [...history].sort((a, b) => b.valueVersion - a.valueVersion), activity });
  },
  async reveal(id) {
    const { value, hideAfterMs } = await call('credentials.reveal', { id });
    if (get().selectedId !== id) return;
    clearHideTimer();
    set({ revealed: { id, value, hideAt: Date.now() + hideAfterMs, hideAfterMs } });
    hideTimer = setTimeout(() => get().hide(), hideAfterMs);
  },
  hide() {
    clearHideTimer();
    set({ revealed: null });
  },
  reset() {
    clearHideTimer();
    detailGen++;
    set({ selectedId: null, history: null, activity: null, revealed: null });
  },
}));
