// keyhold revoke NAME: record that the key was revoked at the provider; get refuses it.
import { statusCommand } from './set-status.ts';
import { shellQuote } from '../quote.ts';
import { terminalSafe as safe } from '../../../shared/text.ts';

export const revokeCommand = statusCommand({
  name: 'revoke',
  summary: 'Mark a credential as revoked at its provider: get refuses it',
  status: 'revoked',
  done: (m) => `Marked ${safe(m.name)} as revoked. Once nothing refers to it, delete it with: keyhold rm ${shellQuote(m.name)}`,
});
