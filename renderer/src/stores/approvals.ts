// CLI requests waiting for the user's answer (main raises them as `agent.approval` events). The
// first one is shown; answering sends agent.approve; main closes each with `agent.approval.closed`.
import { create } from 'zustand';
import type { ApprovalDecision, ApprovalRequest } from '../../../shared/contract.ts';
import { call } from '../client.ts';

interface ApprovalState {
  queue: ApprovalRequest[];
  receive(request: ApprovalRequest): void;
  closed(id: string): void;
  answer(id: string, decision: ApprovalDecision): Promise<void>;
}

export const useApprovals = create<ApprovalState>()((set, get) => ({
  queue: [],
  receive(request) {
    set({ queue: [...get().queue.filter((r) => r.id !== request.id), request] });
  },
  closed(id) {
    set({ queue: get().queue.filter((r) => r.id !== id) });
  },
  async answer(id, decision) {
    get().closed(id);
    // NOT_FOUND: it timed out or the app locked meanwhile; the CLI already has its answer.
    await call('agent.approve', { id, decision }).catch(() => undefined);
  },
}));
