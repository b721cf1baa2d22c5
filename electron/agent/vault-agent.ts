// The CLI-only agent (`keyhold agent`, `keyhold unlock`): holds one unlocked vault and serves it
// to the same user, ssh-agent style: every process of that user may use it, every request is
// audited with the asking process. It locks itself after `idleMs` without a request and at the
// end of its lifetime; locking zeroes the keys and the agent then stops.
import { KeyholdError } from '../../shared/errors.ts';
import type { OriginInfo } from '../../shared/model.ts';
import type { VaultApi } from '../vault/api.ts';
import type { AgentStatus, VaultMethod } from './protocol.ts';
import type { AgentBackend } from './server.ts';
import { callVault } from './vault-calls.ts';

export interface VaultAgentOptions {
  /** Idle lock; null turns it off. */
  idleMs: number | null;
  /** Maximum lifetime; null for none. */
  lifetimeMs: number | null;
  /** Called once, after the vault was locked (by request, idle or lifetime). */
  onLocked(reason: 'request' | 'idle' | 'lifetime' | 'signal'): void;
  now?: () => number;
}

export class VaultAgent implements AgentBackend {
  readonly #vault: VaultApi;
  readonly #opts: VaultAgentOptions;
  readonly #now: () => number;
  readonly #unlockedAt: number;
  readonly #expiresAt: number | null;
  #idleTimer: NodeJS.Timeout | null = null;
  #lifetimeTimer: NodeJS.Timeout | null = null;
  #locked = false;

  constructor(vault: VaultApi, opts: VaultAgentOptions) {
    this.#vault = vault;
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
    this.#unlockedAt = this.#now();
    this.#expiresAt = opts.lifetimeMs === null ? null : this.#unlockedAt + opts.lifetimeMs;
    if (opts.lifetimeMs !== null) this.#lifetimeTimer = setTimeout(() => this.lockNow('lifetime'), opts.lifetimeMs);
    this.#touch();
  }

  status(): AgentStatus {
    return {
      state: this.#locked ? 'locked' : 'unlocked',
      server: 'agent',
      pid: process.pid,
      vaultPath: this.#vault.path,
      vaultId: this.#vault.vaultId,
      unlockedAt: this.#locked ? null : new Date(this.#unlockedAt).toISOString(),
      expiresAt: this.#expiresAt === null ? null : new Date(this.#expiresAt).toISOString(),
      idleLockSeconds: this.#opts.idleMs === null ? null : Math.round(this.#opts.idleMs / 1000),
    };
  }

  async lock(origin: OriginInfo): Promise<void> {
    this.lockNow('request', origin);
  }

  async call(method: VaultMethod, args: unknown[], origin: OriginInfo): Promise<unknown> {
    this.#requireUnlocked();
    this.#touch();
    return callVault(this.#vault, method, args, origin);
  }

  async copy(): Promise<{ clearsInMs: number }> {
    throw new KeyholdError('INVALID_INPUT', 'This agent has no clipboard of its own; the CLI copies with the system clipboard tool.');
  }

  /** Zeroes the keys and closes the vault; idempotent. */
  lockNow(reason: 'request' | 'idle' | 'lifetime' | 'signal', origin?: OriginInfo): void {
    if (this.#locked) return;
    this.#locked = true;
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    if (this.#lifetimeTimer) clearTimeout(this.#lifetimeTimer);
    try {
      this.#vault.lock(origin ?? { kind: 'agent', command: `auto-lock:${reason}` });
    } finally {
      this.#vault.close();
      this.#opts.onLocked(reason);
    }
  }

  #requireUnlocked(): void {
    if (this.#locked) throw new KeyholdError('LOCKED', 'The agent has locked the vault.');
  }

  #touch(): void {
    if (this.#opts.idleMs === null) return;
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => this.lockNow('idle'), this.#opts.idleMs);
  }
}
