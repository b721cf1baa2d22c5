// The desktop app serving the agent socket: while the app is unlocked (and the cliAccess setting
// is on), CLI commands of this user use the app's unlocked vault. Locking the app, by hand, idle,
// screen lock or suspend, closes the socket at the same moment; a CLI `keyhold lock` locks the app.
// Requests for a value ask the user first (approvals.ts) unless cliApproval is 'allow'.
import { KeyholdError } from '../../shared/errors.ts';
import type { OriginInfo } from '../../shared/model.ts';
import type { AgentStatus, VaultMethod } from '../agent/protocol.ts';
import { VAULT_METHODS } from '../agent/protocol.ts';
import { agentPaths } from '../agent/runtime-dir.ts';
import { AgentServer, type AgentBackend, type AgentPeer, type AgentLimits } from '../agent/server.ts';
import { callVault, readsValue } from '../agent/vault-calls.ts';
import type { AgentAccess, AppService } from './service.ts';

export interface DesktopAgentHostOptions {
  service: AppService;
  /** For the socket's folder ($XDG_RUNTIME_DIR). */
  env: NodeJS.ProcessEnv;
  log?: (message: string) => void;
  limits?: Partial<AgentLimits>;
}

class DesktopBackend implements AgentBackend {
  readonly #access: AgentAccess;
  readonly #vaultPath: string;
  readonly #unlockedAt: number;

  constructor(access: AgentAccess, vaultPath: string) {
    this.#access = access;
    this.#vaultPath = vaultPath;
    this.#unlockedAt = Date.now();
  }

  status(): AgentStatus {
    const unlocked = this.#access.isUnlocked();
    const minutes = this.#access.settings().autoLockMinutes;
    return {
      state: unlocked ? 'unlocked' : 'locked',
      server: 'desktop',
      pid: process.pid,
      vaultPath: this.#vaultPath,
      vaultId: unlocked ? this.#access.vault().vaultId : '',
      unlockedAt: unlocked ? new Date(this.#unlockedAt).toISOString() : null,
      expiresAt: null,
      idleLockSeconds: minutes > 0 ? minutes * 60 : null,
    };
  }

  async lock(origin: OriginInfo): Promise<void> {
    await this.#access.lock(origin);
  }

  async call(method: VaultMethod, args: unknown[], origin: OriginInfo, peer: AgentPeer): Promise<unknown> {
    const vault = this.#access.vault();
    if (method === 'readAllValues') this.#refuseBulkRead();
    else if (readsValue(method)) await this.#approve(typeof args[0] === 'string' ? args[0] : '', 'read', peer);
    // If the app locked while the user decided, the vault refuses with LOCKED.
    const result = callVault(vault, method, args, origin);
    if ('changes' in VAULT_METHODS[method]) this.#access.changed();
    return result;
  }

  async copy(ref: string, origin: OriginInfo, peer: AgentPeer): Promise<{ clearsInMs: number }> {
    const meta = await this.#approve(ref, 'copy', peer);
    const r = await this.#access.copy(meta.id, origin);
    if (!r.ok) throw new KeyholdError(r.error.code, r.error.message);
    return r.value as { clearsInMs: number };
  }

  /**
   * A scan or health check reads every value: one approval per credential would be dozens of
   * dialogs, so it is served only when the user chose "allow while unlocked".
   */
  #refuseBulkRead(): void {
    if (this.#access.settings().cliApproval === 'ask') {
      throw new KeyholdError('DENIED', 'The desktop app asks before a process reads a key, and this command reads every key: run it after `keyhold unlock` (the CLI agent), or set CLI access to "allow while unlocked" in Settings.');
    }
  }

  async #approve(ref: string, action: 'read' | 'copy', peer: AgentPeer) {
    const meta = this.#access.vault().get(ref);
    if (this.#access.settings().cliApproval === 'ask') {
      await this.#access.approvals.ask({ credentialId: meta.id, credentialName: meta.name, action, process: peer.process, terminal: peer.terminal });
    }
    return meta;
  }
}

export class DesktopAgentHost {
  readonly #opts: DesktopAgentHostOptions;
  readonly #access: AgentAccess;
  #server: AgentServer | null = null;
  #starting: Promise<void> | null = null;
  #stopping: Promise<void> = Promise.resolve();
  #off: (() => void) | null = null;

  constructor(opts: DesktopAgentHostOptions) {
    this.#opts = opts;
    this.#access = opts.service.agentAccess();
  }

  /** Follows the app: serves while unlocked with cliAccess on, stops otherwise. */
  start(): void {
    this.#off = this.#opts.service.onEvent((e) => {
      if (e.type === 'unlocked' || e.type === 'settings.changed') void this.#sync();
      // At once, not after the next tick: a locked app must not leave the socket answering.
      if (e.type === 'locked') void this.#stop();
    });
    void this.#sync();
  }

  /** Resolves once the socket is serving or stopped as the app's state says. */
  async settled(): Promise<void> {
    await this.#starting;
    await this.#stopping;
  }

  get serving(): boolean {
    return this.#server !== null;
  }

  async dispose(): Promise<void> {
    this.#off?.();
    this.#off = null;
    await this.#stop();
  }

  async #sync(): Promise<void> {
    const wanted = this.#access.isUnlocked() && this.#access.settings().cliAccess;
    if (!wanted) return this.#stop();
    if (this.#server || this.#starting) return this.#starting ?? undefined;
    const server = new AgentServer({
      paths: agentPaths(this.#opts.service.vaultPath, this.#opts.env),
      backend: new DesktopBackend(this.#access, this.#opts.service.vaultPath),
      ...(this.#opts.limits ? { limits: this.#opts.limits } : {}),
    });
    this.#starting = server.start().then(
      () => {
        this.#server = server;
        // Locked (or access turned off) while the socket was being set up.
        if (!(this.#access.isUnlocked() && this.#access.settings().cliAccess)) return this.#stop();
      },
      (e: unknown) => {
        this.#opts.log?.(`CLI access is off: ${e instanceof KeyholdError ? e.message : 'the agent socket could not be opened'}`);
      },
    ).finally(() => {
      this.#starting = null;
    });
    return this.#starting;
  }

  async #stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    // Let the answer to a CLI `keyhold lock` reach its client first.
    if (!server) return this.#stopping;
    this.#stopping = new Promise<void>((resolve) => setImmediate(() => void server.stop().then(resolve)));
    return this.#stopping;
  }
}
