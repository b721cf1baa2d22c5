// App settings live in the vault as one sealed document (kind 'setting'): they are readable only
// while unlocked, which is the only time they matter. Absent or unreadable fields fall back to
// DEFAULT_SETTINGS, the safe choices.
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../shared/contract.ts';
import type { OriginInfo } from '../../shared/model.ts';
import type { VaultApi } from '../vault/api.ts';

export const SETTINGS_DOC_ID = 'app';
const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

/** Keeps each stored field that is still valid, so a newer or older build's document still loads. */
function fromStored(doc: unknown): Settings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (doc && typeof doc === 'object') {
    for (const k of KEYS) {
      const r = settingsSchema.shape[k].safeParse((doc as Record<string, unknown>)[k]);
      if (r.success) out[k] = r.data;
    }
  }
  return out as Settings;
}

export function loadSettings(vault: VaultApi): Settings {
  return fromStored(vault.getDoc<unknown>('setting', SETTINGS_DOC_ID));
}

/** Applies a validated partial update; stores and audits it only when something changed. */
export function saveSettings(vault: VaultApi, patch: Partial<Settings>, origin: OriginInfo): { settings: Settings; changed: (keyof Settings)[] } {
  const current = loadSettings(vault);
  const next = settingsSchema.parse({ ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) });
  const changed = KEYS.filter((k) => next[k] !== current[k]);
  if (changed.length === 0) return { settings: current, changed };
  vault.putDoc('setting', SETTINGS_DOC_ID, next);
  vault.record('settings.change', origin, { detail: changed.map((k) => `${k}=${String(next[k])}`).join(', ') });
  return { settings: next, changed };
}
