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

export const useSettings = create<SettingsState>()((set) => ({
  settings: null,
  async load() {
    set({ settings: await call('settings.get', {}) });
  },
  async update(patch) {
    set({ settings: await call('settings.set', patch) });
  },
  receive(settings) {
    set({ settings });
  },
  reset() {
    set({ settings: null });
  },
}));
