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

const IDLE_KEY = 'keyhold.autoLockMinutes';
/**
 * The idle-lock minutes outlive the lock (main reloads the page on lock) so the unlock screen can
 * say "Locked after 5 minutes idle". A number from settings, nothing from the vault's contents.
 */
export function rememberedIdleMinutes(): number | null {
  try {
    const n = Number(sessionStorage.getItem(IDLE_KEY));
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}
function remember(settings: Settings): void {
  try {
    sessionStorage.setItem(IDLE_KEY, String(settings.autoLockMinutes));
  } catch {
    // No storage (unusual scheme): the unlock screen says "after being idle" instead.
  }
}

export const useSettings = create<SettingsState>()((set) => ({
  settings: null,
  async load() {
    const gen = generation;
    const settings = await call('settings.get', {});
    if (gen !== generation) return;
    remember(settings);
    set({ settings });
  },
  async update(patch) {
    const gen = generation;
    const settings = await call('settings.set', patch);
    if (gen !== generation) return;
    remember(settings);
    set({ settings });
  },
  receive(settings) {
    remember(settings);
    set({ settings });
  },
  reset() {
    generation++;
    set({ settings: null });
  },
}));
