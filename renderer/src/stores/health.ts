// The health report shown by the Needs-attention view (main computes it; no values in it).
// Wiped on lock with every other store.
import { create } from 'zustand';
import type { ChecklistStep, HealthReport } from '../../../shared/health.ts';
import { call, errorMessage } from '../client.ts';

interface HealthState {
  report: HealthReport | null;
  error: string | null;
  loading: boolean;
  load(): Promise<void>;
  tick(id: string, step: ChecklistStep, done: boolean): Promise<void>;
  reset(): void;
}

// Bumped by reset(): an answer that arrives after a lock is dropped.
let generation = 0;

export const useHealth = create<HealthState>()((set) => ({
  report: null,
  error: null,
  loading: false,
  async load() {
    const gen = generation;
    set({ loading: true });
    try {
      const report = await call('health.report', {});
      if (gen === generation) set({ report, error: null, loading: false });
    } catch (e) {
      if (gen === generation) set({ error: errorMessage(e), loading: false });
    }
  },
  async tick(id, step, done) {
    const gen = generation;
    try {
      const report = await call('health.tick', { id, step, done });
      if (gen === generation) set({ report, error: null });
    } catch (e) {
      if (gen === generation) set({ error: errorMessage(e) });
    }
  },
  reset() {
    generation++;
    set({ report: null, error: null, loading: false });
  },
}));
