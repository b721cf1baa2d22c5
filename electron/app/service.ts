// The application service: implements the IPC contract on top of the vault core, in plain Node.
// It owns the vault handle, locking (manual and automatic), the self-clearing clipboard, settings
// and share previews. It knows nothing of IPC: the Electron adapter calls handle() per request
// and forwards onEvent() to the window; a CLI agent can serve the same object later.
import type { z } from 'zod';
import { contract, DEFAULT_SETTINGS, type AppEvent, type LockReason, type OpName, type OpResult, type Settings, type VaultStatus } from '../../shared/contract.ts';
import { KeyholdError, isKeyholdError, type KeyholdErrorData } from '../../shared/errors.ts';
import { DEFAULT_KDF, type KdfParams, type OriginInfo } from '../../shared/model.ts';
import type { VaultApi } from '../vault/api.ts';
import { Vault } from '../vault/index.ts';
import { AutoLock } from './auto-lock.ts';
import { ExternalChangeWatcher } from './external-changes.ts';
import { ClipboardGuard } from './clipboard-guard.ts';
import type { AppContext, Handlers } from './context.ts';
import { EventHub, type AppEventListener } from './events.ts';
import { auditHandlers } from './handlers/audit.ts';
import { credentialHandlers } from './handlers/credentials.ts';
import { healthHandlers } from './handlers/health.ts';
import { scanHandlers } from './handlers/scan.ts';
import { reminderAfterUnlock } from '../health/reminders.ts';
import { settingsHandlers } from './handlers/settings.ts';
import { shareHandlers } from './handlers/share.ts';
import { tagHandlers } from './handlers/tags.ts';
import { vaultHandlers } from './handlers/vault.ts';
import { importHandlers } from './handlers/import.ts';
import { backupHandlers } from './handlers/backup.ts';
import { agentHandlers } from './handlers/agent.ts';
import { rollbackHandlers } from './handlers/rollback.ts';
import { RollbackGuard } from './rollback-guard.ts';
import { generatorHandlers } from './handlers/generator.ts';
import { DraftStore } from './drafts.ts';
import { ApprovalBroker } from './approvals.ts';
import { parseOpInput } from './input.ts';
import type { Platform } from './platform.ts';
import { PreviewStore } from './previews.ts';
import { SessionStore } from './sessions.ts';
import { rollingBackup } from './rolling-backup.ts';
import { loadSettings, saveSettings } from './settings.ts';
import type { ShareModule } from './share-port.ts';
import * as shareModule from '../share/index.ts';

export interface AgentAccess {
  /** The unlocked vault; throws LOCKED. */
  vault(): VaultApi;
  isUnlocked(): boolean;
  settings(): Settings;
  approvals: ApprovalBroker;
  lock(origin: OriginInfo): Promise<void>;
  copy(id: string, origin: OriginInfo): Promise<OpResult<unknown>>;
  /** Tells open views the vault changed (a CLI write through the agent). */
  changed(): void;
}

export interface AppServiceOptions {
  vaultPath: string;
  platform: Platform;
  /** Argon2 parameters for vault.create (tests pass low ones); DEFAULT_KDF otherwise. */
  kdf?: KdfParams;
  /** Accept Argon2 settings below OWASP's minimum (tests only): see VaultOptions.allowInsecureKdf. */
  allowInsecureKdf?: boolean;
  /** Who is asking, for the audit trail: 'desktop' for the app (default). */
  originKind?: OriginInfo['kind'];
  /** The share module (electron/share); the real one by default. */
  share?: ShareModule;
}

const HANDLERS: Handlers<OpName> = {
  ...vaultHandlers,
  ...credentialHandlers,
  ...tagHandlers,
  ...auditHandlers,
  ...settingsHandlers,
  ...shareHandlers,
  ...importHandlers,
  ...backupHandlers,
  ...agentHandlers,
  ...healthHandlers,
  ...scanHandlers,
  ...rollbackHandlers,
  ...generatorHandlers,
};

/** Operations after which open views should refresh (credentials or contacts changed). */
const CHANGES_VAULT: ReadonlySet<OpName> = new Set<OpName>([
  'credentials.create', 'credentials.edit', 'credentials.rotate', 'credentials.setStatus', 'credentials.trash',
  'credentials.restore', 'credentials.purge', 'tags.rename', 'contacts.add', 'contacts.remove', 'share.create', 'share.import',
  'health.tick', 'scan.run', 'import.apply',
]);

/** Operations that replace the vault's key material: run one at a time. */
const EXCLUSIVE: ReadonlySet<OpName> = new Set<OpName>(['vault.create', 'vault.unlock', 'vault.changePassword']);

const INTERNAL_MESSAGE = 'Something went wrong inside Keyhold. No details are shown because they could contain secrets.';

function isOpName(op: unknown): op is OpName {
  return typeof op === 'string' && Object.hasOwn(contract, op);
}

function toErrorData(e: unknown): KeyholdErrorData {
  if (isKeyholdError(e)) return e.toData();
  // Anything else is a bug; its message or stack could hold input, so none of it goes out.
  return { code: 'INTERNAL', message: INTERNAL_MESSAGE };
}

/**
 * Every result is checked against the contract before it leaves main: the output schemas are
 * strict, so a field the contract does not name (a `value` leaking into credential metadata)
 * stops here as INTERNAL, and the offending data is neither returned nor put in the message.
 */
function checkOutput(op: OpName, schema: z.ZodType, value: unknown): unknown {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new KeyholdError('INTERNAL', `${INTERNAL_MESSAGE} (the result of ${op} did not match the contract)`);
}

export class AppService {
  readonly vaultPath: string;
  readonly #platform: Platform;
  readonly #kdf: KdfParams;
  readonly #allowInsecureKdf: boolean;
  readonly #originKind: OriginInfo['kind'];
  readonly #share: ShareModule;
  readonly #events = new EventHub();
  readonly #previews = new PreviewStore();
  readonly #sessions = new SessionStore();
  readonly #drafts = new DraftStore(() => this.#platform.now());
  #backupError: string | null = null;
  /** The automatic backup in progress: quit waits for it. */
  #pendingBackup: Promise<void> = Promise.resolve();
  readonly #clipboard: ClipboardGuard;
  readonly #autoLock: AutoLock;
  readonly #externalChanges: ExternalChangeWatcher;
  readonly #ctx: AppContext;
  readonly #approvals: ApprovalBroker;
  readonly #rollback: RollbackGuard;
  #vault: Vault | null = null;
  #lockReason: LockReason = 'startup';
  #settings: Settings = DEFAULT_SETTINGS;
  #exclusive: Promise<unknown> = Promise.resolve();
  #disposed = false;

  constructor(opts: AppServiceOptions) {
    this.vaultPath = opts.vaultPath;
    this.#platform = opts.platform;
    this.#kdf = opts.kdf ?? DEFAULT_KDF;
    this.#allowInsecureKdf = opts.allowInsecureKdf === true;
    this.#originKind = opts.originKind ?? 'desktop';
    this.#share = opts.share ?? shareModule;
    this.#clipboard = new ClipboardGuard(this.#platform, () => this.#events.emit({ type: 'clipboard.cleared' }));
    this.#autoLock = new AutoLock(this.#platform, (reason) => this.#autoLockNow(reason));
    this.#externalChanges = new ExternalChangeWatcher(
      this.#platform,
      () => {
        const v = this.#vault;
        if (!v?.hasExternalChanges()) return false;
        v.tags(); // any read catches the index up, so the same change is reported once
        return true;
      },
      () => {
        this.#events.emit({ type: 'vault.changed' });
        void this.#watchHead();
      },
    );
    this.#rollback = new RollbackGuard(this.#platform.keychain, () => this.#platform.now());
    this.#approvals = new ApprovalBroker(this.#platform, (e) => this.#events.emit(e));
    this.#ctx = this.#makeContext();
  }

  /**
   * Runs one contract operation. Never throws: errors come back as data. `origin` defaults to
   * this service's origin kind with the operation name as the command.
   */
  async handle(op: string, rawInput: unknown, origin?: OriginInfo): Promise<OpResult<unknown>> {
    try {
      if (this.#disposed) throw new KeyholdError('LOCKED', 'Keyhold is shutting down.');
      if (!isOpName(op)) throw new KeyholdError('INVALID_INPUT', 'Unknown operation');
      const def = contract[op];
      const input = parseOpInput(op, def.input, rawInput);
      if (!('whileLocked' in def && def.whileLocked) && !this.#isUnlocked()) {
        throw new KeyholdError('LOCKED', 'The vault is locked. Unlock it first.');
      }
      const who = origin ?? { kind: this.#originKind, command: op };
      const run = (): Promise<unknown> => Promise.resolve((HANDLERS[op] as (i: unknown, a: AppContext, o: OriginInfo) => unknown)(input, this.#ctx, who));
      const value = EXCLUSIVE.has(op) ? await this.#runExclusive(run) : await run();
      if (CHANGES_VAULT.has(op)) this.#events.emit({ type: 'vault.changed' });
      // Reads leave audit records too: any operation may have moved the head.
      if (!op.startsWith('rollback.')) await this.#watchHead();
      return { ok: true, value: checkOutput(op, def.output, value) };
    } catch (e) {
      return { ok: false, error: toErrorData(e) };
    }
  }

  /** Subscribes to app events (locked, unlocked, clipboard cleared, settings/vault changed). */
  onEvent(listener: (event: AppEvent) => void): () => void {
    return this.#events.on(listener as AppEventListener);
  }

  /**
   * What the desktop agent host (agent-host.ts) uses to serve the CLI: the same vault, settings,
   * approvals, clipboard and lock as the window, so both always agree on locked or unlocked.
   */
  agentAccess(): AgentAccess {
    return {
      vault: () => this.#unlockedVault(),
      isUnlocked: () => this.#isUnlocked(),
      settings: () => ({ ...this.#settings }),
      approvals: this.#approvals,
      lock: (origin) => this.#lock('manual', origin),
      copy: (id, origin) => this.handle('credentials.copy', { id }, origin),
      changed: () => {
        this.#events.emit({ type: 'vault.changed' });
        void this.#watchHead();
      },
    };
  }

  /**
   * For quit: locks and closes the vault, clears the clipboard if it still holds our value, stops
   * every timer and subscription. Emits no `locked` event (the window is going away). Await it.
   */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#autoLock.dispose();
    this.#externalChanges.stop();
    this.#previews.clear();
    this.#sessions.clear();
    this.#drafts.clear();
    await this.#pendingBackup;
    try {
      this.#vault?.close({ kind: this.#originKind, command: 'quit' });
    } catch {
      // Closing must not stop the clipboard from being cleared.
    }
    this.#vault = null;
    try {
      await this.#clipboard.clearIfOurs();
    } finally {
      this.#events.clear();
    }
  }

  // ---------------------------------------------------------------- internals

  #makeContext(): AppContext {
    return {
      vaultPath: this.vaultPath,
      platform: this.#platform,
      previews: this.#previews,
      sessions: this.#sessions,
      closeVaultFor: (origin, work) => this.#closeVaultFor(origin, work),
      lastBackupError: () => this.#backupError,
      status: () => this.#status(),
      createVault: (password, origin) => this.#createVault(password, origin),
      unlock: (password, origin) => this.#unlock(password, origin),
      lock: (reason, origin) => this.#lock(reason, origin),
      vault: () => this.#unlockedVault(),
      settings: () => {
        this.#unlockedVault();
        return { ...this.#settings };
      },
      updateSettings: (patch, origin) => this.#updateSettings(patch, origin),
      copyToClipboard: (value) => this.#clipboard.copy(value, {
        clearAfterSeconds: this.#settings.clipboardClearSeconds,
        excludeFromHistory: this.#settings.clipboardExcludeFromHistory,
      }),
      share: this.#share,
      shareEnv: { now: () => this.#platform.now() },
      approvals: this.#approvals,
      rollback: {
        status: () => this.#rollback.status(this.#unlockedVaultFile().vaultId),
        acknowledge: async (origin) => {
          const v = this.#unlockedVaultFile();
          // Recorded first, so the head remembered below is the one that includes the entry.
          const { warning } = await this.#rollback.status(v.vaultId);
          if (warning) {
            v.record('rollback.acknowledge', origin, {
              detail: `accepted the vault as it opened (audit record ${warning.foundSeq}), older than the newest seen (record ${warning.lastSeenSeq}, ${warning.lastSeenAt})`,
            });
          }
          await this.#rollback.acknowledge(v.vaultId, v.auditHead());
          return this.#rollback.status(v.vaultId);
        },
      },
      drafts: this.#drafts,
    };
  }

  #unlockedVaultFile(): Vault {
    this.#unlockedVault();
    return this.#vault as Vault;
  }

  /**
   * Remembers the unlocked vault's audit head in the keychain record, or tells the window that
   * the vault is older than the newest state this app saw (rollback-guard.ts). Never fails: a
   * damaged audit chain is verify's to report, and the protection must not stop the vault.
   */
  async #watchHead(): Promise<void> {
    const v = this.#vault;
    if (!v?.isUnlocked()) return;
    try {
      const warning = await this.#rollback.observe(v.vaultId, v.auditHead());
      if (warning) this.#events.emit({ type: 'rollback.warning', warning });
    } catch {
      // see above
    }
  }

  #isUnlocked(): boolean {
    return this.#vault?.isUnlocked() ?? false;
  }

  /** The vault file, opened (locked) on first need; null when there is none yet. */
  #openVault(): Vault | null {
    if (this.#vault) return this.#vault;
    if (!Vault.exists(this.vaultPath)) return null;
    this.#vault = Vault.open(this.vaultPath, { clock: () => this.#platform.now(), allowInsecureKdf: this.#allowInsecureKdf });
    return this.#vault;
  }

  #unlockedVault(): VaultApi {
    const v = this.#vault;
    if (!v || !v.isUnlocked()) throw new KeyholdError('LOCKED', 'The vault is locked. Unlock it first.');
    return v;
  }

  #status(): VaultStatus {
    const base = { vaultPath: this.vaultPath, throttle: { failedAttempts: 0, retryAfterMs: 0 } };
    let v: Vault | null;
    try {
      v = this.#openVault();
    } catch {
      // A damaged or newer file: report it as locked; unlock returns the precise error.
      return { ...base, state: 'locked', lockReason: this.#lockReason };
    }
    if (!v) return { ...base, state: 'no-vault', lockReason: null };
    const throttle = v.throttleStatus();
    if (v.isUnlocked()) return { ...base, state: 'unlocked', lockReason: null, throttle };
    return { ...base, state: 'locked', lockReason: this.#lockReason, throttle };
  }

  #runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#exclusive.then(fn, fn);
    this.#exclusive = run.catch(() => undefined);
    return run;
  }

  async #createVault(password: string, origin: OriginInfo): Promise<void> {
    const mark = this.#autoLock.mark();
    const vault = await Vault.create(this.vaultPath, password, { kdf: this.#kdf, allowInsecureKdf: this.#allowInsecureKdf, origin, clock: () => this.#platform.now() });
    this.#vault?.close();
    this.#vault = vault;
    this.#afterUnlock(mark, true);
    await this.#watchHead();
  }

  async #unlock(password: string, origin: OriginInfo): Promise<void> {
    const v = this.#openVault();
    if (!v) throw new KeyholdError('NO_VAULT', `No vault at ${this.vaultPath}. Create one first.`);
    const mark = this.#autoLock.mark();
    await v.unlock(password, origin);
    this.#afterUnlock(mark);
    await this.#watchHead();
  }

  /** `mark`: the auto-lock's event marker taken before the (slow) key derivation began. */
  #afterUnlock(mark: number, justCreated = false): void {
    let settings = DEFAULT_SETTINGS;
    try {
      settings = loadSettings(this.#unlockedVault());
    } catch {
      // Unreadable settings (damaged record): the defaults are the safe choice; verify reports it.
    }
    this.#settings = settings;
    this.#events.emit({ type: 'unlocked' });
    this.#remind();
    // Locks at once if the screen locked or the machine slept while Argon2 ran.
    this.#externalChanges.start();
    this.#autoLock.arm(settings, mark);
    if (!justCreated) this.#pendingBackup = this.#rollingBackup(settings.backupKeep);
  }

  /** At most once a day after an unlock; a failure is kept for Settings, never stops the unlock. */
  async #rollingBackup(keep: number): Promise<void> {
    const v = this.#vault;
    if (!v?.isUnlocked()) return;
    try {
      await rollingBackup(v, this.vaultPath, keep, this.#platform.now());
      this.#backupError = null;
    } catch (e) {
      this.#backupError = isKeyholdError(e) ? e.message : 'The automatic backup failed.';
    }
  }

  /** For restore: lock and close the vault, let `work` replace the file, reopen it locked on next use. */
  async #closeVaultFor<T>(origin: OriginInfo, work: () => T): Promise<T> {
    await this.#lock('manual', origin);
    const vaultId = this.#vault?.vaultId;
    this.#vault?.close(origin);
    this.#vault = null;
    const result = work();
    // The app put this file there itself: the older head it opens at is expected, not a warning.
    if (vaultId) await this.#rollback.forget(vaultId);
    return result;
  }

  /** One notification after unlock when something became due (issue 12); never blocks the unlock. */
  #remind(): void {
    try {
      const notice = reminderAfterUnlock(this.#unlockedVault(), this.#platform.now(), this.#settings.reminderLeadDays);
      if (notice) this.#platform.notify(notice);
    } catch {
      // A reminder is a convenience: a damaged record must not turn an unlock into an error.
    }
  }

  #autoLockNow(reason: LockReason): void {
    this.#lock(reason, { kind: this.#originKind, command: `auto-lock:${reason}` }).catch(() => undefined);
  }

  /** Zeroes the keys, forgets previews and settings, clears our clipboard value, tells listeners. */
  async #lock(reason: LockReason, origin: OriginInfo): Promise<void> {
    this.#autoLock.disarm();
    this.#externalChanges.stop();
    this.#previews.clear();
    // An automatic backup in progress stops by itself at the lock (it needs the keys); not awaited,
    // so locking is never delayed.
    this.#sessions.clear();
    this.#drafts.clear();
    this.#approvals.clear();
    const v = this.#vault;
    if (v && v.isUnlocked()) {
      v.lock(origin);
      this.#lockReason = reason;
      this.#settings = DEFAULT_SETTINGS;
      this.#events.emit({ type: 'locked', reason });
    }
    try {
      await this.#clipboard.clearIfOurs();
    } catch {
      // The vault is locked whatever the clipboard does; a failing clear must not undo that.
    }
  }

  #updateSettings(patch: Partial<Settings>, origin: OriginInfo): Settings {
    const { settings, changed } = saveSettings(this.#unlockedVault(), patch, origin);
    this.#settings = settings;
    if (changed.length > 0) {
      this.#autoLock.arm(settings);
      this.#events.emit({ type: 'settings.changed', settings: { ...settings } });
    }
    return { ...settings };
  }
}
