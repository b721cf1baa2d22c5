// agent.approve: the user's answer to an approval request raised by a CLI process (approvals.ts).
import type { Handlers } from '../context.ts';

export const agentHandlers: Handlers<'agent.approve'> = {
  'agent.approve': ({ id, decision }, app) => {
    app.approvals.answer(id, decision);
    return {};
  },
};
