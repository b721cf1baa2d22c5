// keyhold enable NAME: make a disabled (or compromised, revoked) credential active again.
import { statusCommand } from './set-status.ts';

export const enableCommand = statusCommand({
  name: 'enable',
  summary: 'Make a credential active again',
  status: 'active',
  done: (m) => `Enabled ${m.name}.`,
});
