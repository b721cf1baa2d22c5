// keyhold disable NAME: keep the credential but refuse `get` until it is enabled again.
import { statusCommand } from './set-status.ts';
import { shellQuote } from '../quote.ts';
import { terminalSafe as safe } from '../../../shared/text.ts';

export const disableCommand = statusCommand({
  name: 'disable',
  summary: 'Disable a credential: it stays in the vault but get refuses it',
  status: 'disabled',
  details: `
Disable before deleting: if nothing breaks, move it to the trash with 'keyhold rm'.`,
  done: (m) => `Disabled ${safe(m.name)}. 'keyhold get' refuses it until: keyhold enable ${shellQuote(m.name)}`,
});
