// The vault's state as the renderer knows it: no vault / locked / unlocked, why it locked, and the
// unlock throttle. Locking wipes every other store, so nothing from the vault outlives the lock.
import { create } from 'zustand';
import type { LockReason, VaultStatus } from '../../../shared/contract.ts';
import { call, isClientError } from '../client.ts';
import { useConfirm } from './confirm.ts';
import { useCredentials } from './credentials.ts';
import { useHealth } from './health.ts';
import { useRollback } from './rollback.ts';
import { useSelection } from './selection.ts';
import { rememberedIdleMinutes, useSettings } from './settings.ts';
import { useUi } from './ui.ts';
import { forgetMeasuredTags } from '../lib/fit.ts';

interface SessionState {
  state: VaultStatus['state'] | 'loading';
  vaultPath: string;
  lockReason: LockReason | null;
  /** Idle minutes in force when an idle lock happened (settings are wiped with the rest). */
  idleMinutes: number | null;
  failedAttempts: number;
  /** Renderer clock (Date.now) before which unlock attempts are refused. */
  retryAt: number;
  refresh(): Promise<void>;
  create(password: string): Promise<void>;
  unlock(password: string): Promise<void>;
  lock(): Promise<void>;
  /** main said it locked (event or status): wipe and show the unlock screen. */
  locked(reason: LockReason | null): void;
}

/** Drops every piece of vault data the renderer holds. */
export function wipeAll(): void {
  useSelection.getState().reset();
  forgetMeasuredTags();
  useCredentials.getState().reset();
  useSettings.getState().reset();
  useUi.getState().reset();
  useConfirm.getState().reset();
  useHealth.getState().reset();
  useRollback.getState().reset();
}

/** Fetches what the main view needs right after unlock. */
async function loadVault(): Promise<void> {
  await Promise.all([useCredentials.getState().load(), useSettings.getState().load(), useRollback.getState().load()]);
}

export const useSession = create<SessionState>()((set, get) => {
  function apply(status: VaultStatus): void {
    const wasUnlocked = get().state === 'unlocked';
    set({
      state: status.state,
      vaultPath: status.vaultPath,
      lockReason: status.lockReason,
      failedAttempts: status.throttle.failedAttempts,
      retryAt: status.throttle.retryAfterMs > 0 ? Date.now() + status.throttle.retryAfterMs : 0,
    });
    if (status.state !== 'unlocked' && wasUnlocked) wipeAll();
    if (status.state === 'unlocked' && !wasUnlocked) {
      useUi.getState().focusSearch();
      void loadVault().catch(() => undefined);
    }
  }

  return {
    state: 'loading',
    vaultPath: '',
    lockReason: null,
    idleMinutes: null,
    failedAttempts: 0,
    retryAt: 0,
    async refresh() {
      apply(await call('vault.status', {}));
    },
    async create(password) {
      apply(await call('vault.create', { password }));
      // A new vault may be created locked (depends on main): open it with the same password.
      if (get().state === 'locked') apply(await call('vault.unlock', { password }));
    },
    async unlock(password) {
      try {
        apply(await call('vault.unlock', { password }));
      } catch (e) {
        if (isClientError(e, 'THROTTLED') || isClientError(e, 'WRONG_PASSWORD')) {
          // Refresh the throttle so the countdown shows the real wait.
          await get().refresh().catch(() => undefined);
          if (isClientError(e, 'THROTTLED') && e.retryAfterMs) set({ retryAt: Date.now() + e.retryAfterMs });
        }
        throw e;
      }
    },
    async lock() {
      get().locked('manual');
      apply(await call('vault.lock', {}));
    },
    locked(reason) {
      const minutes = useSettings.getState().settings?.autoLockMinutes ?? null;
      wipeAll();
      set({ state: 'locked', lockReason: reason, idleMinutes: reason === 'idle' ? minutes : null });
    },
  };
});

export function lockMessage(reason: LockReason | null, idleMinutes: number | null): string | null {
  switch (reason) {
    case 'idle':
      idleMinutes ??= rememberedIdleMinutes();
      return idleMinutes ? `Locked after ${idleMinutes} minute${idleMinutes === 1 ? '' : 's'} idle` : 'Locked after being idle';
    case 'screen-lock':
      return 'Locked because the screen locked';
    case 'suspend':
      return 'Locked because the computer went to sleep';
    case 'window-hidden':
      return 'Locked because the window was hidden';
    case 'manual':
      return 'Locked by you';
    case 'password-changed':
      return 'Locked because the master password changed: unlock with the new one';
    default:
      return null;
  }
}
