// One confirmation dialog for every destructive step: `await confirm({...})` resolves true or false.
import { create } from 'zustand';

export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
  /** Red confirm button for steps that lose data or access. */
  danger?: boolean;
  /** Optional list shown under the body (e.g. the incident checklist). */
  points?: string[];
}

interface ConfirmState {
  request: (ConfirmRequest & { resolve: (ok: boolean) => void }) | null;
  answer(ok: boolean): void;
  reset(): void;
}

export const useConfirm = create<ConfirmState>()((set, get) => ({
  request: null,
  answer(ok) {
    const r = get().request;
    set({ request: null });
    r?.resolve(ok);
  },
  reset() {
    get().answer(false);
  },
}));

export function confirm(request: ConfirmRequest): Promise<boolean> {
  return new Promise((resolve) => {
    useConfirm.getState().request?.resolve(false);
    useConfirm.setState({ request: { ...request, resolve } });
  });
}
