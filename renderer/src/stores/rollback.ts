// Whole-file rollback: whether main's protection is on, and the warning of a vault that opened
// older than the app last saw it. Loaded after unlock, pushed by the rollback.warning event,
// wiped on lock with every other store.
import { create } from 'zustand';
import type { RollbackStatus, RollbackWarning } from '../../../shared/contract.ts';
import { call } from '../client.ts';

interface RollbackState {
  status: RollbackStatus | null;
  load(): Promise<void>;
  receive(warning: RollbackWarning): void;
  /** The user read the warning: main remembers the vault as it is now. */
  acknowledge(): Promise<void>;
  reset(): void;
}

// Bumped by reset(): an answer that arrives after a lock is dropped.
let generation = 0;

export const useRollback = create<RollbackState>()((set, get) => ({
  status: null,
  async load() {
    const gen = generation;
    const status = await call('rollback.status', {});
    if (gen === generation) set({ status });
  },
  receive(warning) {
    const protection = get().status?.protection ?? { on: true, reason: null };
    set({ status: { protection, warning } });
  },
  async acknowledge() {
    const gen = generation;
    const status = await call('rollback.acknowledge', {});
    if (gen === generation) set({ status });
  },
  reset() {
    generation++;
    set({ status: null });
  },
}));
