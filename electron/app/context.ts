// What operation handlers may use of the service: the vault (unlocked), the lifecycle actions,
// settings, the clipboard guard, the share previews and the share module. Handlers are plain
// functions of (input, app, origin) so the same table serves the desktop and, later, a CLI agent.
import type { z } from 'zod';
import type { Contract, LockReason, OpName, OpOutput, RollbackStatus, Settings, VaultStatus } from '../../shared/contract.ts';
import type { OriginInfo } from '../../shared/model.ts';
import type { VaultApi } from '../vault/api.ts';
import type { ApprovalBroker } from './approvals.ts';
import type { DraftStore } from './drafts.ts';
import type { Platform } from './platform.ts';
import type { PreviewStore } from './previews.ts';
import type { SessionStore } from './sessions.ts';
import type { ShareModule } from './share-port.ts';
import type { ShareEnv } from '../share/index.ts';

export interface AppContext {
  readonly vaultPath: string;
  readonly platform: Platform;
  status(): VaultStatus;
  createVault(password: string, origin: OriginInfo): Promise<void>;
  unlock(password: string, origin: OriginInfo): Promise<void>;
  lock(reason: LockReason, origin: OriginInfo): Promise<void>;
  /** The unlocked vault; throws LOCKED otherwise. */
  vault(): VaultApi;
  settings(): Settings;
  updateSettings(patch: Partial<Settings>, origin: OriginInfo): Settings;
  /** Puts a value on the clipboard (cleared later); returns the delay before clearing in ms. */
  copyToClipboard(value: string): Promise<number>;
  readonly previews: PreviewStore;
  /** Import files and staged restores of this session (issue 11); cleared at lock. */
  readonly sessions: SessionStore;
  /** Locks and closes the vault, runs `work` (which may replace the file), then leaves it to reopen locked. */
  closeVaultFor<T>(origin: OriginInfo, work: () => T): Promise<T>;
  /** Why the last automatic backup failed, or null. */
  lastBackupError(): string | null;
  readonly share: ShareModule;
  /** The share module's clock: the platform's. */
  readonly shareEnv: ShareEnv;
  /** Approval requests of CLI processes served through the agent. */
  readonly approvals: ApprovalBroker;
  /** Whole-file rollback: the warning for the unlocked vault, and its acknowledgement. */
  readonly rollback: {
    status(): Promise<RollbackStatus>;
    /** Audited: the user accepted an older vault as the current state. */
    acknowledge(origin: OriginInfo): Promise<RollbackStatus>;
  };
  /** Generated values previewed in the dialogs, waiting to be saved (cleared at lock). */
  readonly drafts: DraftStore;
}

/** Parsed input of an operation (after zod defaults). */
export type OpIn<K extends OpName> = z.output<Contract[K]['input']>;
export type Handler<K extends OpName> = (input: OpIn<K>, app: AppContext, origin: OriginInfo) => OpOutput<K> | Promise<OpOutput<K>>;
export type Handlers<K extends OpName> = { [P in K]: Handler<P> };
