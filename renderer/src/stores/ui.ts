// UI state that is not vault data: which view and dialog are open, toasts, the copy countdown.
import { create } from 'zustand';

export type View = 'credentials' | 'health' | 'audit' | 'share' | 'settings';

export type DialogState =
  | { kind: 'new' }
  | { kind: 'edit'; id: string }
  | { kind: 'rotate'; id: string }
  | { kind: 'tags' }
  | { kind: 'shortcuts' }
  | { kind: 'share-create'; ids: string[] }
  | { kind: 'share-open'; file: { name: string; base64: string } | null }
  | { kind: 'import'; dropped?: DroppedFiles };

/** Files dropped on the window for the Import wizard; `seq` tells one drop from the next. */
export interface DroppedFiles {
  files: File[];
  seq: number;
}

export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error';
  /** A button on the toast, e.g. Undo after moving to the trash. */
  action?: { label: string; run: () => void };
}

/** The credential whose value is on the clipboard and when main clears it (renderer clock). */
export interface Copied {
  id: string;
  name: string;
  until: number;
  /** How long the clipboard holds it in all, in ms (for the countdown ring). */
  total: number;
}

interface UiState {
  view: View;
  dialog: DialogState | null;
  toasts: Toast[];
  /** Shown in the clipboard chip, which no toast can push out. */
  copied: Copied | null;
  /** Incremented to ask the search field to take focus. */
  focusSearchTick: number;
  /** Incremented to ask the list to take focus. */
  focusListTick: number;
  /** Files are being dragged over the window (the drop targets show it). */
  fileDrag: boolean;
  setFileDrag(on: boolean): void;
  setView(view: View): void;
  openDialog(dialog: DialogState): void;
  closeDialog(): void;
  toast(text: string, opts?: { tone?: Toast['tone']; action?: Toast['action'] }): number;
  dismiss(id: number): void;
  setCopied(copied: Copied | null): void;
  focusSearch(): void;
  focusList(): void;
  reset(): void;
}

let nextToast = 1;
const TOAST_MS = 5000;
/** Long enough to reach for Undo. */
const ACTION_TOAST_MS = 10_000;
const MAX_TOASTS = 3;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

export const useUi = create<UiState>()((set, get) => ({
  view: 'credentials',
  dialog: null,
  toasts: [],
  copied: null,
  focusSearchTick: 0,
  focusListTick: 0,
  fileDrag: false,
  setFileDrag(on) {
    if (get().fileDrag !== on) set({ fileDrag: on });
  },
  setView(view) {
    set({ view });
  },
  openDialog(dialog) {
    set({ dialog });
  },
  closeDialog() {
    set({ dialog: null });
  },
  toast(text, opts = {}) {
    const id = nextToast++;
    const toast: Toast = { id, text, tone: opts.tone ?? 'info' };
    if (opts.action) toast.action = opts.action;
    // Routine news is merged: a new plain notice replaces the previous one instead of stacking.
    const routine = (t: Toast) => t.tone === 'info' && !t.action;
    const kept = get().toasts.filter((t) => !(routine(toast) && routine(t)));
    for (const t of get().toasts) if (!kept.includes(t)) clearTimeout(timers.get(t.id));
    const next = [...kept, toast];
    for (const t of next.slice(0, Math.max(0, next.length - MAX_TOASTS))) clearTimeout(timers.get(t.id));
    set({ toasts: next.slice(-MAX_TOASTS) });
    timers.set(id, setTimeout(() => get().dismiss(id), opts.action ? ACTION_TOAST_MS : TOAST_MS));
    return id;
  },
  dismiss(id) {
    clearTimeout(timers.get(id));
    timers.delete(id);
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
  setCopied(copied) {
    set({ copied });
  },
  focusSearch() {
    set({ focusSearchTick: get().focusSearchTick + 1 });
  },
  focusList() {
    set({ focusListTick: get().focusListTick + 1 });
  },
  reset() {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    set({ view: 'credentials', dialog: null, toasts: [], copied: null, fileDrag: false });
  },
}));
