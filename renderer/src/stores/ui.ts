// UI state that is not vault data: which view and dialog are open, toasts, the copy countdown.
import { create } from 'zustand';

export type View = 'credentials' | 'audit' | 'share' | 'settings';

export type DialogState =
  | { kind: 'new' }
  | { kind: 'edit'; id: string }
  | { kind: 'rotate'; id: string }
  | { kind: 'tags' }
  | { kind: 'shortcuts' }
  | { kind: 'share-create'; ids: string[] }
  | { kind: 'share-open'; file: { name: string; base64: string } | null }
  | { kind: 'import' };

export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error';
  /** When set, the toast shows a countdown to this time (renderer clock) and closes then. */
  until?: number;
  /** Prefix of the countdown line, e.g. "Clipboard clears in". */
  countdownText?: string;
}

interface UiState {
  view: View;
  dialog: DialogState | null;
  toasts: Toast[];
  /** The credential whose value is on the clipboard and when main clears it. */
  copied: { id: string; until: number } | null;
  /** Incremented to ask the search field to take focus. */
  focusSearchTick: number;
  /** Incremented to ask the list to take focus. */
  focusListTick: number;
  setView(view: View): void;
  openDialog(dialog: DialogState): void;
  closeDialog(): void;
  toast(text: string, opts?: { tone?: Toast['tone']; until?: number; countdownText?: string }): number;
  dismiss(id: number): void;
  setCopied(copied: { id: string; until: number } | null): void;
  focusSearch(): void;
  focusList(): void;
  reset(): void;
}

let nextToast = 1;
const TOAST_MS = 5000;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

export const useUi = create<UiState>()((set, get) => ({
  view: 'credentials',
  dialog: null,
  toasts: [],
  copied: null,
  focusSearchTick: 0,
  focusListTick: 0,
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
    if (opts.until !== undefined) toast.until = opts.until;
    if (opts.countdownText !== undefined) toast.countdownText = opts.countdownText;
    // One toast of a kind at a time: a second copy replaces the first countdown.
    const others = get().toasts.filter((t) => !(t.countdownText !== undefined && t.countdownText === opts.countdownText));
    set({ toasts: [...others.slice(-2), toast] });
    const ms = opts.until !== undefined ? Math.max(0, opts.until - Date.now()) : TOAST_MS;
    timers.set(id, setTimeout(() => get().dismiss(id), ms));
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
    set({ view: 'credentials', dialog: null, toasts: [], copied: null });
  },
}));
