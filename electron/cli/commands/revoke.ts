// keyhold revoke NAME: record that the key was revoked at the provider; get refuses it.
import { statusCommand } from './set-status.ts';

export const revokeCommand = statusCommand({
  name: 'revoke',
  summary: 'Mark a credential as revoked at its provider: get refuses it',
  status: 'revoked',
  done: (m) => `Marked ${m.name} as revoked. Delete it with 'keyhold rm ${m.name}' once nothing refers to it.`,
});
