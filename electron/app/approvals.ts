// Per-process approval for CLI requests served by the desktop app: the first time a process asks
// for a credential's value, the window asks the user (allow once, for this terminal session, or
// deny). Session grants last until the app locks. Unanswered requests are denied after a minute.
import { randomUUID } from 'node:crypto';
import type { AppEvent, ApprovalDecision, ApprovalRequest } from '../../shared/contract.ts';
import { KeyholdError } from '../../shared/errors.ts';
import type { ProcessInfo } from '../../shared/model.ts';
import type { Platform, TimerHandle } from './platform.ts';

export const APPROVAL_TIMEOUT_MS = 60_000;
/** More waiting requests than this are denied at once (a runaway script must not flood the window). */
const MAX_PENDING = 8;

export interface ApprovalAsk {
  credentialId: string;
  credentialName: string;
  action: ApprovalRequest['action'];
  process: ProcessInfo;
  /** The asking process's terminal session; "for this terminal session" grants are per session. */
  terminal: string | null;
}

interface Pending {
  resolve(decision: ApprovalDecision): void;
  timer: TimerHandle;
}

export class ApprovalBroker {
  readonly #platform: Platform;
  readonly #emit: (event: AppEvent) => void;
  readonly #pending = new Map<string, Pending>();
  readonly #grants = new Set<string>();

  constructor(platform: Platform, emit: (event: AppEvent) => void) {
    this.#platform = platform;
    this.#emit = emit;
  }

  /** Resolves when allowed; throws DENIED when the user denies, the request times out or the app locks. */
  async ask(req: ApprovalAsk): Promise<void> {
    const key = grantKey(req);
    if (this.#grants.has(key)) return;
    if (this.#pending.size >= MAX_PENDING) throw denied(req, 'too many requests are waiting for an answer');
    const id = randomUUID();
    const decision = await new Promise<ApprovalDecision>((resolve) => {
      const timer = this.#platform.setTimer(APPROVAL_TIMEOUT_MS, () => this.#settle(id, 'deny'));
      this.#pending.set(id, { resolve, timer });
      this.#emit({
        type: 'agent.approval',
        request: { id, credentialId: req.credentialId, credentialName: req.credentialName, action: req.action, process: req.process },
      });
    });
    if (decision === 'deny') throw denied(req, 'the request was denied in the Keyhold app');
    if (decision === 'session') this.#grants.add(key);
  }

  /** The user's answer (agent.approve). NOT_FOUND when it was already answered or dropped. */
  answer(id: string, decision: ApprovalDecision): void {
    if (!this.#settle(id, decision)) throw new KeyholdError('NOT_FOUND', 'That request was already answered or has expired.');
  }

  /** On lock: every waiting request is denied and every session grant forgotten. */
  clear(): void {
    for (const id of [...this.#pending.keys()]) this.#settle(id, 'deny');
    this.#grants.clear();
  }

  #settle(id: string, decision: ApprovalDecision): boolean {
    const p = this.#pending.get(id);
    if (!p) return false;
    this.#pending.delete(id);
    p.timer.cancel();
    p.resolve(decision);
    this.#emit({ type: 'agent.approval.closed', id });
    return true;
  }
}

/** Without a known terminal session (not Linux) the grant is for the process itself. */
function grantKey(req: ApprovalAsk): string {
  const who = req.terminal ?? `pid:${req.process.pid}`;
  return `${who}|${req.credentialId}`;
}

function denied(req: ApprovalAsk, why: string): KeyholdError {
  return new KeyholdError('DENIED', `Access to ${req.credentialName} refused: ${why}.`);
}
