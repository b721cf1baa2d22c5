// The app's settings as main holds them; changes go through main and come back as events.
import { create } from 'zustand';
import type { Settings } from '../../../shared/contract.ts';
import { call } from '../client.ts';

interface SettingsState {
  settings: Settings | null;
  load(): Promise<void>;
  update(patch: Partial<Settings>): Promise<void>;
  receive(settings: Settings): void;
  reset(): void;
}

// Bumped by reset(): an answer that arrives after a lock is dropped.
let generation = 0;

export const useSettings = create<SettingsState>()((set) => ({
  settings: null,
  async load() {
    const gen = generation;
    const settings = await call('settings.get', {});
    if (gen === generation) set({ settings });
  },
  async update(patch) {
    const gen = generation;
    const settings = await call('settings.set', patch);
    if (gen === generation) set({ settings });
  },
  receive(settings) {
    set({ settings });
  },
  reset() {
    generation++;
    set({ settings: null });
  },
}));
